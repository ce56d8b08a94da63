//go:build tools

// Package tools records what this module builds, so `go mod tidy` keeps its dependencies: the
// packages imported by open-cluster-management.io/ocm/cmd/registration, and the API module whose
// CRDs the build script copies.
package tools

import (
	_ "open-cluster-management.io/api/cluster/v1"
	_ "open-cluster-management.io/ocm/pkg/cmd/hub"
	_ "open-cluster-management.io/ocm/pkg/cmd/spoke"
	_ "open-cluster-management.io/ocm/pkg/cmd/webhook"
)
