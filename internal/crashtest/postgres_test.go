package crashtest

import (
	"context"
	"testing"

	"github.com/codebookgen/codebook/journal/postgres"
)

func openPostgres(ctx context.Context, dsn string) (store, error) {
	return postgres.Open(ctx, dsn)
}

func TestCrashPostgres(t *testing.T) {
	crash(t, "postgres", server.DSN(t), kills(t))
}
