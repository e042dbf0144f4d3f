package webhook

import (
	"context"
	"sync"
	"time"
)

// ReplayStore remembers the deliveries a Receiver handled, so that the
// same body is handled once. Keys are 64 hex characters. A store shared
// by several processes makes a replay to any of them refused; between
// Seen and Remember two processes may both handle one delivery, which the
// journal's rules make harmless (a final state is written once).
type ReplayStore interface {
	// Seen reports whether key is remembered and not expired.
	Seen(ctx context.Context, key string) (bool, error)
	// Remember keeps key until until.
	Remember(ctx context.Context, key string, until time.Time) error
}

// MemoryReplayStore is a ReplayStore in memory, safe for concurrent use.
// Keys are dropped once expired, so it holds about a window's deliveries.
type MemoryReplayStore struct {
	mu    sync.Mutex
	now   func() time.Time
	keys  map[string]time.Time
	prune int // size at which expired keys are dropped next
}

// NewMemoryReplayStore returns an empty store reading the time from now
// (time.Now when nil).
func NewMemoryReplayStore(now func() time.Time) *MemoryReplayStore {
	if now == nil {
		now = time.Now
	}
	return &MemoryReplayStore{now: now, keys: map[string]time.Time{}, prune: 64}
}

// Seen reports whether key is remembered and not expired.
func (s *MemoryReplayStore) Seen(_ context.Context, key string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	until, ok := s.keys[key]
	return ok && s.now().Before(until), nil
}

// Remember keeps key until until, dropping expired keys now and then.
func (s *MemoryReplayStore) Remember(_ context.Context, key string, until time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[key] = until
	if len(s.keys) >= s.prune {
		now := s.now()
		for k, u := range s.keys {
			if !now.Before(u) {
				delete(s.keys, k)
			}
		}
		s.prune = max(64, 2*len(s.keys))
	}
	return nil
}

// Len returns how many keys the store holds, expired ones included.
func (s *MemoryReplayStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}
