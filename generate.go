package codebook

// Regenerate everything under generated/ and docs/ from spec/:
//
//	go generate ./...
//
// cmd/gen -check compares instead of writing; .ci/run fails when the
// checked-in files are stale.

//go:generate go run ./cmd/gen -codes spec/codes.yaml -openapi spec/openapi -out generated -docs docs
