//go:build tools

// Package tools records the command this module builds, so `go mod tidy` keeps its dependencies:
// the packages imported by sigs.k8s.io/kwok/cmd/kwok.
package tools

import (
	_ "sigs.k8s.io/kwok/pkg/config"
	_ "sigs.k8s.io/kwok/pkg/kwok/cmd"
	_ "sigs.k8s.io/kwok/pkg/log"
	_ "sigs.k8s.io/kwok/pkg/utils/signals"
)
