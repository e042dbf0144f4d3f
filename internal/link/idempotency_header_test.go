package link

import (
	"strings"
	"testing"

	oapimodel "github.com/codebookgen/codebook/internal/oapi/model"
)

// TestIdempotencyHeaderMustBeDeclared: x-codebook reference.header names
// the header the generated Transaction fills with the reference, so it must
// be a string header parameter of the operation; Check says so, at the
// operation's x-codebook, otherwise.
func TestIdempotencyHeaderMustBeDeclared(t *testing.T) {
	api := loadRepositoryAPIs(t)["clickairtime-v1.yaml"]
	if api == nil {
		t.Fatal("no clickairtime-v1.yaml")
	}
	var topUp *oapimodel.Operation
	for _, op := range api.Operations {
		if op.ID == "topUp" {
			topUp = op
		}
	}
	if topUp == nil || topUp.Codebook.Reference == nil {
		t.Fatal("no topUp operation with a reference")
	}
	spec := loadCodes(t)
	ref := topUp.Codebook.Reference
	saved := ref.Header
	defer func() { ref.Header = saved }()
	ref.Header = "Idempotency-Key"
	ps := Check(spec, []*oapimodel.API{api})
	want := `reference.header "Idempotency-Key" is not a string header parameter of the operation`
	if len(ps) != 1 || !strings.Contains(ps[0].String(), want) || !strings.Contains(ps[0].String(), "clickairtime-v1.yaml:") {
		t.Fatalf("problems %v, want one at clickairtime-v1.yaml saying %q", ps, want)
	}
	topUp.Params = append(topUp.Params, &oapimodel.Param{Name: "idempotency-key", In: oapimodel.InHeader,
		Type: oapimodel.TypeRef{Kind: oapimodel.RefBuiltin, Builtin: "string"}})
	defer func() { topUp.Params = topUp.Params[:len(topUp.Params)-1] }()
	if ps := Check(spec, []*oapimodel.API{api}); len(ps) != 0 {
		t.Fatalf("a declared header (another letter case) is refused: %v", ps)
	}
}
