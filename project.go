package codebook

// ErrInFlightInconclusive: the in-flight check gave no answer that says
// whether a transaction is in progress.
const ErrInFlightInconclusive EngineError = "codebook: the in-flight check was inconclusive"
