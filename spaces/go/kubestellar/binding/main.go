// Command ks-binding runs KubeStellar v0.30.0's binding controller (the controller-manager with
// --controllers=binding) against a WDS and an ITS named by kubeconfig files, instead of finding
// them through KubeFlex ControlPlane objects in a hosting cluster. It calls the controller's own
// constructor and start-up sequence; only the lookup of the two spaces is ours. Orrery's
// benchmarks run it next to Orrery (docs/performance.md).
package main

import (
	"flag"
	"os"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/component-base/metrics/legacyregistry"
	"k8s.io/klog/v2"
	ctrl "sigs.k8s.io/controller-runtime"

	clientopts "github.com/kubestellar/kubestellar/options"
	"github.com/kubestellar/kubestellar/pkg/binding"
	ksctlr "github.com/kubestellar/kubestellar/pkg/controller"
	ksmetrics "github.com/kubestellar/kubestellar/pkg/metrics"
	"github.com/kubestellar/kubestellar/pkg/util"
)

// noWorkloadEvents: without the status controller nothing listens to workload events.
type noWorkloadEvents struct{}

func (noWorkloadEvents) HandleWorkloadObjectEvent(schema.GroupVersionResource, util.MRObject, util.MRObject, binding.WorkloadEventType, bool) {
}

func main() {
	process := clientopts.ProcessOptions{MetricsBindAddr: "127.0.0.1:0", PProfBindAddr: "127.0.0.1:0"}
	var wdsKubeconfig, itsKubeconfig, wdsName, apiGroups string
	workers := 4
	pflag.StringVar(&wdsKubeconfig, "wds-kubeconfig", "", "kubeconfig file of the WDS")
	pflag.StringVar(&itsKubeconfig, "its-kubeconfig", "", "kubeconfig file of the ITS")
	pflag.StringVar(&wdsName, "wds-name", "wds1", "name of the WDS (labels the Bindings' ManifestWorks)")
	pflag.StringVar(&apiGroups, "api-groups", "", "allowed API groups, comma separated; empty means all")
	pflag.IntVar(&workers, "workers", workers, "reconcile workers (KubeStellar's controller-manager uses 4)")
	wdsLimits := clientopts.NewClientLimits[*pflag.FlagSet]("wds", "accessing the WDS")
	itsLimits := clientopts.NewClientLimits[*pflag.FlagSet]("its", "accessing the ITS")
	process.AddToFlags(pflag.CommandLine)
	wdsLimits.AddFlags(pflag.CommandLine)
	itsLimits.AddFlags(pflag.CommandLine)
	klog.InitFlags(nil)
	pflag.CommandLine.AddGoFlagSet(flag.CommandLine)
	pflag.Parse()

	ctx, _ := ksctlr.InitialContext()
	logger := klog.FromContext(ctx)
	ctrl.SetLogger(logger)
	fail := func(err error, what string) {
		logger.Error(err, what)
		os.Exit(1)
	}
	ksctlr.Start(ctx, process)
	metrics := ksmetrics.NewMultiSpaceClientMetrics()
	ksmetrics.MustRegister(legacyregistry.Register, metrics)

	wds, err := clientcmd.BuildConfigFromFlags("", wdsKubeconfig)
	if err != nil {
		fail(err, "reading the WDS kubeconfig")
	}
	its, err := clientcmd.BuildConfigFromFlags("", itsKubeconfig)
	if err != nil {
		fail(err, "reading the ITS kubeconfig")
	}
	wds = wdsLimits.LimitConfig(wds)
	its = itsLimits.LimitConfig(its)

	controller, err := binding.NewController(logger, metrics.MetricsForSpace("wds"), metrics.MetricsForSpace("its"),
		wds, its, wdsName, util.ParseAPIGroupsString(apiGroups), noWorkloadEvents{})
	if err != nil {
		fail(err, "creating the binding controller")
	}
	if err := controller.EnsureCRDs(ctx); err != nil {
		fail(err, "installing the CRDs")
	}
	if err := controller.AppendKSResources(ctx); err != nil {
		fail(err, "appending KubeStellar resources")
	}
	if err := controller.Start(ctx, workers, make(chan interface{}, 1)); err != nil {
		fail(err, "starting the binding controller")
	}
	logger.Info("binding controller started", "wds", wdsName)
	<-ctx.Done()
}
