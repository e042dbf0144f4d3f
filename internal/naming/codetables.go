package naming

import "slices"

// CodeTableNames lists the package-level names every generated code-table
// package declares whatever its provider, in the order of the generated
// files. It is the one list: the validator refuses a table or row whose Go
// name is one of them, the package model claims them before any OpenAPI
// name, and the code-table emitter declares exactly these (a test there
// checks it).
func CodeTableNames() []string {
	return []string{"Code", "ParseCode", "Table", "Tables", "Entry", "Entries",
		"Response", "Result", "Error", "Classify", "ClassifyHTTP", "DecodeResponse"}
}

// IsCodeTableName reports whether name is one of CodeTableNames.
func IsCodeTableName(name string) bool {
	return slices.Contains(CodeTableNames(), name)
}
