package fault_test

import (
	"fmt"

	"github.com/codebookgen/codebook/fake/clickairtime"
	"github.com/codebookgen/codebook/fake/fault"
)

// A Click Airtime fake that resets 5% of the connections at random, and
// drops the answer of the next top-up after writing its ledger.
func Example() {
	srv := clickairtime.New(clickairtime.WithFaults(
		fault.Random[clickairtime.Request](1, fault.Rates{Reset: 5})))
	defer srv.Close()
	srv.InjectFaults(clickairtime.OpTopUp, fault.DropAfterCommit())
	fmt.Println(fault.DropAfterCommit())
	// Output: drop after-commit
}
