package model

// IsReserved reports whether name is taken by the fixed declarations of a
// generated codes package, so that no table or row may use it.
func IsReserved(name string) bool {
	switch name {
	case "Code", "ParseCode", "Table", "Tables", "Entry", "Entries", "Error", "Result",
		"Response", "Classify", "ClassifyHTTP", "DecodeResponse", "NewError", "Provider",
		"MaxSnippet", "ExampleClassify", "ExampleError":
		return true
	}
	return false
}
