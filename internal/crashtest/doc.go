// Package crashtest kills processes that run top-ups through the engine
// and a durable journal, with SIGKILL, at chosen and random points, and
// checks after a reconciler drained the journal that the provider's
// ledger and the journal agree: no reference charged twice, no charged
// reference left anything but succeeded, every transaction final or
// flagged.
//
// Its tests re-execute their own binary as the child (TestMain reads
// CRASHTEST_CHILD); the fake provider and its ledger live in the parent,
// so they survive every kill. The child pauses at the journal write the
// parent chose (after a sending write: between it and the send it
// precedes; or before any write), says so on its stdout, and is killed
// there; other children are killed after a random delay. One first
// sending write in three meets a journal outage lasting for its
// transaction, so that Execute says "not sent" and the child tries again
// under a new reference, as a caller may: a reconciler that sent the
// row left created would top the recipient up twice. Controls (broken
// reconcilers) show that the checks catch lost and duplicated top-ups.
//
//	go test ./internal/crashtest                  # 50 kills per backend
//	CRASHTEST_KILLS=1000 go test ./internal/crashtest -timeout 60m   # make soak
//
// The many-instances test (TestFourReconcilersShareOnePostgres) runs four
// reconciler processes on one PostgreSQL holding 2,000 unresolved
// transactions (CRASHTEST_MANY=10000 in make soak), kills one mid-lease,
// and prints the time to drain.
package crashtest
