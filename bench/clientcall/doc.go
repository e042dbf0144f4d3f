// Package clientcall measures a generated client call against the call a careful integrator writes
// by hand with net/http and encoding/json, over the same loopback server and http.Client, in one
// go test -bench run: BenchmarkTopUp (Click Airtime) and BenchmarkTransact (Clickatell) each run
// their "generated" and "handwritten" sub-benchmarks alternately under -count. bench/clientcall.sh
// prints the medians and the ratios.
package clientcall
