package codebook

// Errors of journals.
const (
	// ErrJournalFenced: a newer writer (a reconciler, a resumed Execute)
	// took the transaction over; this writer must stop.
	ErrJournalFenced EngineError = "codebook: the journal entry was taken over by a newer writer"
	// ErrJournalFinal: the transaction's outcome is already final in the
	// journal; nothing more may be written or sent under its reference.
	ErrJournalFinal EngineError = "codebook: the journal entry is already final"
)

// ErrJournalUnknown: no transaction is recorded under the reference.
const ErrJournalUnknown EngineError = "codebook: no journal entry under this reference"
