package gen

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestDeterministic generates the same spec twice, and once more from a
// copy whose mapping keys, providers and rows are shuffled: all three runs
// must give the same bytes.
func TestDeterministic(t *testing.T) {
	for _, spec := range []string{"testdata/cases/ok_basic/codes.yaml", "testdata/cases/hostile_text/codes.yaml", "../../spec/codes.yaml"} {
		if _, err := os.Stat(spec); err != nil {
			continue
		}
		first, err := Generate(Config{Codes: spec, Out: "out"})
		require.NoError(t, err)
		again, err := Generate(Config{Codes: spec, Out: "out"})
		require.NoError(t, err)
		require.Equal(t, first, again, "%s: two runs differ", spec)
		for seed := uint64(1); seed <= 3; seed++ {
			shuffled := shuffledCopy(t, spec, seed)
			got, err := Generate(Config{Codes: shuffled, Out: "out"})
			require.NoError(t, err)
			require.Equal(t, first, got, "%s: shuffling (seed %d) changed the output", spec, seed)
		}
	}
}

// shuffledCopy writes spec with every mapping's keys, the providers and
// every table's rows in a random order, under the same file name.
func shuffledCopy(t *testing.T, spec string, seed uint64) string {
	data, err := os.ReadFile(spec)
	require.NoError(t, err)
	var root yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &root))
	shuffleNode(root.Content[0], rand.New(rand.NewPCG(seed, seed)), "")
	out, err := yaml.Marshal(&root)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), filepath.Base(spec))
	require.NoError(t, os.WriteFile(path, out, 0o644))
	return path
}

func shuffleNode(n *yaml.Node, r *rand.Rand, key string) {
	switch n.Kind {
	case yaml.MappingNode:
		pairs := len(n.Content) / 2
		r.Shuffle(pairs, func(i, j int) {
			n.Content[2*i], n.Content[2*j] = n.Content[2*j], n.Content[2*i]
			n.Content[2*i+1], n.Content[2*j+1] = n.Content[2*j+1], n.Content[2*i+1]
		})
		for i := 0; i+1 < len(n.Content); i += 2 {
			shuffleNode(n.Content[i+1], r, n.Content[i].Value)
		}
	case yaml.SequenceNode:
		if key == "rows" || key == "providers" {
			r.Shuffle(len(n.Content), func(i, j int) { n.Content[i], n.Content[j] = n.Content[j], n.Content[i] })
		}
		for _, c := range n.Content {
			shuffleNode(c, r, key)
		}
	}
}
