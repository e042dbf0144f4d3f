package codebook

// ErrStopped is the cause of a TransactionError when the engine stopped
// (attempts, retry budget, deadline, Disabled) before it knew the outcome,
// and no answer gave a better reason.
const ErrStopped EngineError = "codebook: stopped before the outcome was known"

// ErrNeedsReconciliation is the cause of a TransactionError when the
// engine proved nothing was recorded under the reference but may not send
// it again by itself: the provider documents no duplicate detection for
// the reference and the Transaction has no InFlight check. A person or a
// reconciler decides.
const ErrNeedsReconciliation EngineError = "codebook: flagged for reconciliation: the provider does not refuse a reused reference and no in-flight check is configured"
