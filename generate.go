package codebook

// Regenerate everything under generated/ and docs/ from spec/:
//
//	go generate ./...
//
// codebook check (make check) compares instead of writing; .ci/run fails
// when the checked-in files are stale. cmd/gen, the older command, still
// generates the same files.

//go:generate go run ./cmd/codebook generate -codes spec/codes.yaml -openapi spec/openapi -out generated -docs docs
