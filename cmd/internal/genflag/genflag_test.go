package genflag

import (
	"flag"
	"io"
	"testing"
)

func TestDeclareFillsTheConfig(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := Declare(fs)
	if cfg.Codes != "spec/codes.yaml" || cfg.Out != "generated" || cfg.Docs != "" {
		t.Fatalf("defaults: %+v", cfg)
	}
	if err := fs.Parse([]string{"-codes", "c.yaml", "-openapi", "o", "-out", "g", "-docs", "d", "-templates", "tp"}); err != nil {
		t.Fatal(err)
	}
	if cfg.Codes != "c.yaml" || cfg.OpenAPI != "o" || cfg.Out != "g" || cfg.Docs != "d" || cfg.Templates != "tp" {
		t.Errorf("parsed: %+v", cfg)
	}
}
