// Package buildid identifies the running program: any change to the
// executable changes its ID, and the same executable always has the same
// one. Builds key their state on it (a new program may render differently).
package buildid

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/hex"
	"io"
	"os"
	"sync"
)

// Program returns the running executable's ID: "go:" and the Go build ID
// that the go command writes into every executable it links (its last
// part is a hash of the executable's content), or else "sha256:" and the
// hash of the whole file. Reading the build ID costs a few system calls;
// hashing the file, which the program did on every build before, costs
// 0.1-0.3 s of CPU for the 90 MB executable.
func Program() (string, error) { return program() }

var program = sync.OnceValues(func() (string, error) {
	path, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id := goBuildID(path); id != "" {
		return "go:" + id, nil
	}
	return fileHash(path)
})

// goBuildID reads the Go build ID from an ELF executable's
// .note.go.buildid section, or returns "".
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	note, err := s.Data()
	if err != nil {
		return ""
	}
	return parseNote(note, f.ByteOrder)
}

// parseNote reads an ELF note: name size, description size, type, the
// name "Go" padded to 4 bytes, then the description, the build ID.
func parseNote(note []byte, order binary.ByteOrder) string {
	const goNoteType = 4
	if len(note) < 16 {
		return ""
	}
	namesz, descsz, typ := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	name := note[12:]
	if typ != goNoteType || namesz != 4 || !bytes.Equal(name[:4], []byte("Go\x00\x00")) {
		return ""
	}
	desc := name[4:]
	if uint64(descsz) > uint64(len(desc)) || descsz == 0 {
		return ""
	}
	id := string(desc[:descsz])
	// A build ID is actionID/contentID (or with more parts); without a
	// content part it does not identify the bytes.
	if !bytes.ContainsRune(desc[:descsz], '/') {
		return ""
	}
	return id
}

func fileHash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}
