// Package journal is the durable record of money-moving transactions in
// flight: the Journal interface, the states and entries it keeps, and
// Memory, an implementation for tests and single-process use.
//
// It is for services that must settle, after a crash or a restart, the
// transactions a process left in doubt (engine.WaitJournal, the reconciler
// package), and for authors of journal stores: journal/sqlite and
// journal/postgres implement it, and journal/journaltest is the conformance
// suite every store must pass.
package journal
