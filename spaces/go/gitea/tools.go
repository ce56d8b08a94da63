//go:build tools

// Package tools records the command this module builds, so `go mod tidy` keeps its dependencies:
// the packages imported by code.gitea.io/gitea (its main package). Tidy ignores build tags, so the
// cgo SQLite driver that the sqlite tag pulls in is recorded as well.
package tools

import (
	_ "code.gitea.io/gitea/cmd"
	_ "code.gitea.io/gitea/modules/log"
	_ "code.gitea.io/gitea/modules/markup/asciicast"
	_ "code.gitea.io/gitea/modules/markup/console"
	_ "code.gitea.io/gitea/modules/markup/csv"
	_ "code.gitea.io/gitea/modules/markup/markdown"
	_ "code.gitea.io/gitea/modules/markup/orgmode"
	_ "code.gitea.io/gitea/modules/setting"
	_ "github.com/urfave/cli/v3"
)
