package practice

import _ "embed"

// ExampleName is the file name `accesspack init` writes by default.
const ExampleName = "practice.toml"

//go:embed sample.toml
var sampleTOML []byte

// SampleName names the embedded sample practice in messages.
const SampleName = "sample-practice.toml"

// SampleTOML returns the text of the embedded sample practice file.
func SampleTOML() []byte { return append([]byte(nil), sampleTOML...) }

// Sample returns the embedded sample practice, Meadowbank Surgery (invented): pathway
// proceed, go-live 15 January 2027, letters dated 1 December 2026. Each call returns a
// new copy. The error can only come from a broken build (the file is tested), but is
// returned rather than panicking.
func Sample() (*Practice, error) { return Parse(sampleTOML, SampleName) }
