// Package consumer tests codebook the way other repositories use it, in
// throwaway modules pointed at this checkout with a replace directive: a
// module that imports a generated package, a module that runs the generator
// as a tool, and the README's consumer steps and Go snippets as written.
// It has no API; everything is in its tests.
package consumer
