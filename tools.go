//go:build tools

// Package codebook pins, through this file, the versions of the tools the
// Makefile and CI run (go run honnef.co/go/tools/cmd/staticcheck), so that
// they live in go.mod like any dependency. The build tag keeps them out of
// every build.
package codebook

import (
	_ "honnef.co/go/tools/cmd/staticcheck"
)
