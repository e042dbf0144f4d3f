package oapi_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/codebookgen/codebook/internal/oapi"
	"github.com/codebookgen/codebook/internal/oapi/corpus"
)

// TestCorpusUnionsRefuseOtherVariants generates the clients of corpus
// specs with real unions (Telegram's chat members, command scopes and
// reply markups; OpenAI's prompt) into modules of their own and runs
// testdata/corpus_unions/<spec>_test.go.txt there: real objects read as
// the wrong variant must fail, naming the variant. Skipped with -short.
func TestCorpusUnionsRefuseOtherVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test on generated clients; skipped with -short")
	}
	dir := corpusDir(t)
	for _, c := range []struct{ spec, pkg string }{
		{"telegram_bot_api.json", "telegram"},
		{"openai.yml", "openai"},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			name := c.spec[:len(c.spec)-len(filepath.Ext(c.spec))]
			test, err := os.ReadFile(filepath.Join("testdata/corpus_unions", name+"_test.go.txt"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := oapi.Generate(context.Background(), filepath.Join(dir, c.spec), oapi.Config{PackageName: c.pkg})
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{c.pkg + "_unions_test.go": test}
			for n, src := range res.Files {
				files[n] = src
			}
			root, err := corpus.RepoRoot()
			if err != nil {
				t.Fatal(err)
			}
			mod := t.TempDir()
			if err := corpus.WriteModule(mod, c.pkg, files, root); err != nil {
				t.Fatal(err)
			}
			if out, err := corpus.Go(context.Background(), mod, "test", "-count=1", "./..."); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
		})
	}
}
