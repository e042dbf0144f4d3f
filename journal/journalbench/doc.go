// Package journalbench holds only benchmarks: the cost of journaling one
// transaction (Begin, then the sending and succeeded steps) on
// journal.Memory, journal/sqlite and journal/postgres, measured in
// one run so that their ratios compare like with like, with 1, 4 and 16
// concurrent callers:
//
//	go test -run '^$' -bench . -benchtime 2s ./journal/journalbench
//
// PostgreSQL is a real server started by internal/pgtest (skipped, with a
// visible line, where its binaries are missing).
package journalbench
