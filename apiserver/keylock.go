package apiserver

import (
	"context"
	"sync"
)

// KeyLock lets one request per key run at a time within one process: a repeat of a request that
// arrives while the first is served waits for it, then finds its answer. The zero KeyLock is ready
// to use; it must not be copied after first use. Generated servers and the webhook receiver use it.
type KeyLock struct {
	mu      sync.Mutex
	running map[string]chan struct{} // the keys being served, closed when done
}

// Claim waits until no other holder of key runs, then holds key until release is called. It
// returns ok false, holding nothing, when ctx ends first.
func (l *KeyLock) Claim(ctx context.Context, key string) (release func(), ok bool) {
	for {
		l.mu.Lock()
		busy, running := l.running[key]
		if !running {
			done := make(chan struct{})
			if l.running == nil {
				l.running = map[string]chan struct{}{}
			}
			l.running[key] = done
			l.mu.Unlock()
			return func() {
				l.mu.Lock()
				delete(l.running, key)
				l.mu.Unlock()
				close(done)
			}, true
		}
		l.mu.Unlock()
		select {
		case <-busy: // the other holder is done: look again
		case <-ctx.Done():
			return nil, false
		}
	}
}
