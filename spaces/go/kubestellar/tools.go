//go:build tools

// Wrapper module: builds KubeStellar v0.30.0's OCM transport controller as it is, and our ks-binding
// (./binding) on KubeStellar's binding controller. KubeStellar's go.mod has replace directives, so
// 'go install ...@v0.30.0' cannot build it; this module requires it with the same replaces.
package tools

import _ "github.com/kubestellar/kubestellar/pkg/transport/ocm-transport-controller"
