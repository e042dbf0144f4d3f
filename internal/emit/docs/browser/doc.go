// Package browser holds the tests of the docs page (docs/codes.html) in a
// headless Chromium. They live apart from package docs on purpose: chromedp,
// which only they import, would otherwise be a test dependency of the
// generator, and `go mod tidy` in a module that uses the generator as a tool
// (go get -tool) downloads the test dependencies of every package the tool
// imports: chromedp and cdproto, for a browser the tool never starts. No
// package of the generator imports this one. It has no API.
package browser
