package crashtest

import (
	"context"
	"fmt"

	"github.com/codebookgen/codebook/journal/sqlite"
	"github.com/codebookgen/codebook/reconciler"
)

// store is a durable journal the reconciler can claim from.
type store interface {
	reconciler.Store
	Close() error
}

// openStore opens the journal of the backend named ("sqlite": dsn is a
// file; "postgres": dsn is a connection string).
func openStore(backend, dsn string) (store, error) {
	ctx := context.Background()
	switch backend {
	case "sqlite":
		return sqlite.Open(ctx, dsn)
	case "postgres":
		return openPostgres(ctx, dsn)
	}
	return nil, fmt.Errorf("crashtest: no backend %q (sqlite, postgres)", backend)
}
