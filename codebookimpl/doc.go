// Package codebookimpl holds the helpers that only code written by the
// codebook generator calls: decoding a body's code and message, reading a
// field by its JSON path, matching documented messages, projecting one
// request body onto another, settling a class from the HTTP status.
//
// It is for generated code only, as protobuf-go's protoimpl is. Do not call
// it from hand-written code: it has no compatibility promise, and its names
// and signatures change whenever the generator's output does. Users write
// against the root package codebook and the engine, transport and journal
// packages.
package codebookimpl
