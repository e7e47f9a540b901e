// Package pipeline runs a build: read every input once into the model,
// derive the figures once, render in parallel, and publish through the one
// writer. The command line is a thin layer over Build and Check.
//
// The inputs (Config.Data, Content, Templates and Assets) are file
// systems, as golang.org/x/website takes its content: the command line
// leaves them unset, so they are the -data, -content, -templates and
// -assets folders on disk (os.DirFS), and a test states its whole input in
// an fstest.MapFS. Messages name a file by its folder as the user gave it
// ("data/ratings/x.csv:12: column 3: ..."). The checks that need real
// paths apply only to folders on disk: -out may not be, hold or sit inside
// an input folder, and symbolic links that lead nowhere or loop are
// reported. The site goes to -out through internal/publish, or with
// Config.Memory into memory, which is how most end-to-end tests build.
package pipeline
