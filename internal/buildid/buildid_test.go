package buildid

import (
	"encoding/binary"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

func TestProgramIsGoBuildID(t *testing.T) {
	id, err := Program()
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "linux" {
		if id == "" {
			t.Fatal("no program ID")
		}
		return
	}
	exe, _ := os.Executable()
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := "go:" + strings.TrimSpace(string(out)); id != want {
		t.Errorf("Program() = %q, want %q", id, want)
	}
}

func TestParseNote(t *testing.T) {
	note := func(typ uint32, name, desc string) []byte {
		b := binary.LittleEndian.AppendUint32(nil, uint32(len(name)))
		b = binary.LittleEndian.AppendUint32(b, uint32(len(desc)))
		b = binary.LittleEndian.AppendUint32(b, typ)
		return append(append(b, name...), desc...)
	}
	for _, tc := range []struct {
		note []byte
		want string
	}{
		{note(4, "Go\x00\x00", "a/b"), "a/b"},
		{note(4, "Go\x00\x00", "nocontent"), ""},
		{note(3, "Go\x00\x00", "a/b"), ""},
		{note(4, "GNU\x00", "a/b"), ""},
		{note(4, "Go\x00\x00", "a/b")[:17], ""},
		{nil, ""},
	} {
		if got := parseNote(tc.note, binary.LittleEndian); got != tc.want {
			t.Errorf("parseNote(%q) = %q, want %q", tc.note, got, tc.want)
		}
	}
}

func TestFileHashFallback(t *testing.T) {
	f := t.TempDir() + "/x"
	os.WriteFile(f, []byte("abc"), 0o644)
	h, err := fileHash(f)
	if err != nil || h != "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("fileHash = %q, %v", h, err)
	}
	if goBuildID(f) != "" {
		t.Error("a file that is not ELF has a build ID")
	}
}
