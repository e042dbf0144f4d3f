package oapi_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/model"
)

// unionSpec exercises what the variant checks read from a spec: required
// properties merged through allOf, an additionalProperties schema that
// lets any property in, an OpenAPI 3.1 const, and a nested union whose
// members share a JSON kind.
const unionSpec = `openapi: 3.1.0
info: {title: U, version: "1"}
paths: {}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties: {id: {type: string}}
    Refund:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [refundId]
          properties: {refundId: {type: string}, kind: {const: refund}}
    Charge:
      type: object
      required: [id, kind]
      properties: {id: {type: string}, amount: {type: integer}, kind: {const: charge}}
    Bag:
      type: object
      properties: {id: {type: string}}
      additionalProperties: {type: string}
    Event:
      oneOf:
        - $ref: "#/components/schemas/Refund"
        - $ref: "#/components/schemas/Charge"
    Loose:
      oneOf:
        - $ref: "#/components/schemas/Refund"
        - $ref: "#/components/schemas/Bag"
    Nested:
      oneOf:
        - $ref: "#/components/schemas/Event"
        - type: array
          items: {type: string}
`

// TestVariantChecksFromSchemas checks the model's variant checks for
// unionSpec.
func TestVariantChecksFromSchemas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(path, []byte(unionSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := oapi.Generate(context.Background(), path, oapi.Config{PackageName: "u"})
	if err != nil {
		t.Fatal(err)
	}
	types := map[string]*model.Type{}
	for _, ty := range res.API.Types {
		types[ty.Name] = ty
	}
	check := func(v *model.Variant) *model.VariantCheck {
		if v.Check == nil {
			return &model.VariantCheck{}
		}
		return v.Check
	}
	ev := types["Event"]
	refund, charge := check(ev.Variants[0]), check(ev.Variants[1])
	if !slices.Equal(refund.Required, []string{"refundId"}) {
		t.Errorf("Refund required = %v, want [refundId] (id, from allOf, is Charge's too)", refund.Required)
	}
	if len(charge.Consts) != 1 || charge.Consts[0] != (model.Const{Property: "kind", JSON: `"charge"`, Required: true}) {
		t.Errorf("Charge consts = %+v", charge.Consts)
	}
	if !ev.VariantsTold() {
		t.Error("Event: a refund and a charge are told apart by refundId and kind")
	}
	loose := types["Loose"]
	if check(loose.Variants[1]).Props != nil {
		t.Errorf("Bag takes any property, its Props = %v, want nil", check(loose.Variants[1]).Props)
	}
	if loose.Tells(loose.Variants[0], loose.Variants[1]) || loose.VariantsTold() {
		t.Error("Loose: a Bag may hold refundId, so Refund's check cannot refuse it")
	}
	nested := types["Nested"]
	if k := check(nested.Variants[0]).JSON; k != model.JSONObject {
		t.Errorf("Nested's Event variant has JSON kind %q, want object", k)
	}
	if !nested.VariantsTold() {
		t.Error("Nested: an object and an array are told apart")
	}
}
