# Every target wraps the same commands that README.md and .ci/run use.
GEN_ARGS := $(shell sed -n 's|^//go:generate go run ./cmd/codebook generate ||p' generate.go)

.PHONY: all generate check test vet lint bench bench-peers fuzz corpus soak ci

all: generate test

## generate: regenerate generated/ and docs/ from spec/
generate:
	go generate ./...

## check: fail with a diff when generated/ or docs/ are stale
check:
	go run ./cmd/codebook check $(GEN_ARGS)

## test: the test command of README.md
test:
	go test ./...

vet:
	go vet ./...

## lint: vet, gofmt, staticcheck (version pinned by the tool directive in go.mod)
lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	go tool staticcheck ./...

## bench: the ratios of issue 14 measured in one run each: the code tables (pipeline against its floor),
## JSON spec loading against kin-openapi's plain JSON load, ClassifyHTTP and Classify against hand-written code,
## a generated client call against a hand-written one
bench:
	bench/codes.sh
	bench/load.sh
	bench/classify.sh
	bench/clientcall.sh

## bench-peers: whole-process client generation against oapi-codegen and ogen (installed pinned with
## go install into a cache, not in CI): medians, ratios and generated lines per spec; ARGS=-all for every spec
bench-peers:
	go run ./bench/peers $(ARGS)

## fuzz: hostile specs against the generator
fuzz:
	go test -run '^$$' -fuzz FuzzGenerate -fuzztime 60s -fuzzminimizetime 5s ./internal/gen

## corpus: the OpenAPI client generator on all 18 real-world specs; every body example of all 18
## round-tripped through the generated types, and the small specs' requests validated
corpus:
	go run ./bench/corpus -all
	CODEBOOK_CORPUS=all go test -count=1 -timeout 30m -v -run 'TestExamplesRoundTrip|TestRequestsValidate' ./internal/oapi/fidelity

## soak: the fault-injection suite at 100,000 transactions per provider, and the
## simulation (internal/sim) at 10,000,000 random schedules, a fault bound of 4 and 100,000 crash walks, and
## the crash tests (internal/crashtest) at 1,000 SIGKILLs per journal backend and 10,000
## transactions shared by four reconciler processes
soak:
	CODEBOOK_SOAK_N=100000 go test ./internal/faultsuite -run . -count=1 -timeout 60m -v
	CODEBOOK_SIM_N=10000000 CODEBOOK_SIM_FAULTS=4 CODEBOOK_SIM_CRASH_N=100000 go test ./internal/sim -count=1 -timeout 120m -v
	CRASHTEST_KILLS=1000 CRASHTEST_MANY=10000 go test ./internal/crashtest -run 'TestCrash(SQLite|Postgres)$$|TestFourReconcilersShareOnePostgres' -count=1 -timeout 60m -v

## ci: what .ci/run does
ci:
	.ci/run
