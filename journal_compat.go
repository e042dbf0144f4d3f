package codebook

import "context"

// Persist records ref with fp and no request, refusing a ref recorded with
// another fingerprint. It serves Transaction.Persist until the engine
// writes through Journal; it goes then.
func (j *MemoryJournal) Persist(_ context.Context, ref string, fp Fingerprint) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if r, ok := j.recs[ref]; ok {
		if r.Entry.Fingerprint != fp {
			return ErrReferenceReused
		}
		return nil
	}
	if j.recs == nil {
		j.recs = map[string]*JournalRecord{}
	}
	now := j.now()
	j.recs[ref] = &JournalRecord{Entry: JournalEntry{Reference: ref, Fingerprint: fp}, Step: JournalStep{State: JournalCreated, Class: Unknown()}, Created: now, Updated: now}
	return nil
}

// Lookup returns the fingerprint recorded for ref; Get replaces it.
func (j *MemoryJournal) Lookup(ref string) (Fingerprint, bool) {
	r, err := j.Get(context.Background(), ref)
	return r.Entry.Fingerprint, err == nil
}
