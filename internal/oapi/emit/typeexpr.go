package emit

import (
	"github.com/dave/jennifer/jen"

	"github.com/codebookgen/codebook/internal/oapi/model"
)

// Import paths used by generated code.
const (
	pkgContext = "context"
	pkgJSON    = "encoding/json"
	pkgFmt     = "fmt"
	pkgHTTP    = "net/http"
	pkgURL     = "net/url"
	pkgIO      = "io"
	pkgSlog    = "log/slog"
	pkgStrconv = "strconv"
	pkgStrings = "strings"
	pkgSync    = "sync"
	pkgTime    = "time"
	pkgBytes   = "bytes"
	pkgErrors  = "errors"
)

// typeExpr spells a type expression.
func typeExpr(tr model.TypeRef) *jen.Statement {
	switch tr.Kind {
	case model.RefBuiltin:
		return jen.Id(tr.Builtin)
	case model.RefTime:
		return jen.Qual(pkgTime, "Time")
	case model.RefDate:
		return jen.Qual(pkgRT, "Date")
	case model.RefBytes:
		return jen.Index().Byte()
	case model.RefNamed:
		return jen.Id(tr.Named.Name)
	case model.RefSlice:
		return jen.Index().Add(typeExpr(*tr.Elem))
	case model.RefMap:
		return jen.Map(jen.String()).Add(typeExpr(*tr.Elem))
	}
	return jen.Qual(pkgJSON, "RawMessage")
}

// ptrExpr spells *T when ptr is true, T otherwise.
func ptrExpr(tr model.TypeRef, ptr bool) *jen.Statement {
	if ptr {
		return jen.Op("*").Add(typeExpr(tr))
	}
	return typeExpr(tr)
}

// returnsPointer reports whether an operation returns its 2xx body as *T:
// everything but unnamed slices, maps and raw JSON, whose nil is enough.
func returnsPointer(tr model.TypeRef) bool {
	switch tr.Kind {
	case model.RefSlice, model.RefMap, model.RefRaw, model.RefBytes:
		return false
	}
	return true
}

// underlying follows aliases to the type expression a value really has.
func underlying(tr model.TypeRef) model.TypeRef {
	for i := 0; i < 64 && tr.Kind == model.RefNamed && tr.Named.Kind == model.KindAlias && tr.Named.Elem != nil; i++ {
		tr = *tr.Named.Elem
	}
	return tr
}
