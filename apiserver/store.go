package apiserver

import (
	"bytes"
	"context"
	"sync"
)

// Record is the answer a handler sent to a request it answers once, as a ReplayStore keeps it.
type Record struct {
	// Fingerprint is the hex SHA-256 of the request body in canonical JSON (keys sorted, no
	// spaces): a repeat under the same key with another fingerprint is refused with 409.
	Fingerprint string
	// Status is the HTTP status of the answer.
	Status int
	// Body is the JSON body of the answer; nil for none.
	Body []byte
}

// ReplayStore keeps the answers of the requests a handler answers once per key (the generated
// NewServerHandler lists the operations and their keys). The handler calls Get before the
// implementation, and Put with its answer before sending it; keys are at most a few dozen bytes of
// ASCII. Get and Put are called concurrently, never for the same key at once within one handler;
// handlers in several processes sharing one store are not serialized by it. Records must outlive
// the provider's retries (Clickatell's are configured per funding source).
type ReplayStore interface {
	// Get returns the record kept under key, and false when there is none. An error is
	// answered with 503 and the implementation is not called.
	Get(ctx context.Context, key string) (Record, bool, error)

	// Put keeps rec under key. An error is logged and the answer sent anyway: a later repeat
	// may then reach the implementation again.
	Put(ctx context.Context, key string, rec Record) error
}

// MemoryStore is a ReplayStore in memory, safe for concurrent use: for tests, and for a single
// process that may forget its records when it stops. Nothing expires.
type MemoryStore struct {
	mu      sync.Mutex
	records map[string]Record
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{records: map[string]Record{}}
}

// Get returns a copy of the record kept under key.
func (s *MemoryStore) Get(_ context.Context, key string) (Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.records[key]
	rec.Body = bytes.Clone(rec.Body)
	return rec, ok, nil
}

// Put keeps a copy of rec under key.
func (s *MemoryStore) Put(_ context.Context, key string, rec Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec.Body = bytes.Clone(rec.Body)
	s.records[key] = rec
	return nil
}
