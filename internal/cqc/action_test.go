package cqc

import (
	"strings"
	"testing"
)

func TestParseActionKind(t *testing.T) {
	for k := SpecialMeasures; k < numActionKinds; k++ {
		if got, ok := ParseActionKind(" " + strings.ToUpper(k.String()) + " "); !ok || got != k {
			t.Errorf("ParseActionKind(%q) = %v, %v", k.String(), got, ok)
		}
		if got, ok := ParseActionKind(k.Slug()); !ok || got != k {
			t.Errorf("ParseActionKind(%q) = %v, %v", k.Slug(), got, ok)
		}
		if k.Meaning() == "" {
			t.Errorf("%v has no meaning", k)
		}
	}
	if _, ok := ParseActionKind("special"); ok {
		t.Error("a part of a name is not an action")
	}
}

func TestCheckID(t *testing.T) {
	for id, ok := range map[string]bool{"1-10024040008": true, "": false, "-1": false, "--help": false, "1-2/3": false, "1 2": false, strings.Repeat("1", 101): false, strings.Repeat("1", 100): true} {
		if got := CheckID(id) == ""; got != ok {
			t.Errorf("CheckID(%q) ok = %v, want %v (%s)", id, got, ok, CheckID(id))
		}
	}
}
