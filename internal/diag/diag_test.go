package diag

import (
	"strings"
	"testing"
)

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "data/r.csv", Line: 12, Field: "Latest Rating", Message: `unknown rating "Goood"`, Hint: "use Good"},
			`data/r.csv:12: column "Latest Rating": unknown rating "Goood" (use Good)`},
		{Problem{Severity: Warning, File: "data/api/1-2.json", Line: 3, Field: "onspdLatitude", Message: "out of range"},
			`data/api/1-2.json:3: warning: field "onspdLatitude": out of range`},
		{Problem{File: "content/a.md", Line: 1, Field: "title", Message: "missing"}, `content/a.md:1: key "title": missing`},
		{Problem{File: "data", Message: "not found"}, "data: not found"},
		{Problem{Message: "practice Evil\ndata/x.csv:1: forged\x1b[2J"}, `practice Evil\ndata/x.csv:1: forged\x1b[2J`},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
		if strings.ContainsAny(tt.p.String(), "\n\r\x1b") {
			t.Errorf("String() holds a control character: %q", tt.p.String())
		}
	}
}

func TestListSortsAndJoins(t *testing.T) {
	var l List
	l.Warnf("b.csv", 2, "", "", "w")
	l.Errorf("b.csv", 9, "", "", "second")
	l.Errorf("a.csv", 5, "", "", "first")
	if !l.HasErrors() || len(l.Errors()) != 2 || len(l.Warnings()) != 1 {
		t.Fatalf("counts wrong: %v", l.All())
	}
	if got := l.Err().Error(); got != "a.csv:5: first\nb.csv:9: second" {
		t.Errorf("Err() = %q", got)
	}
	var empty List
	if empty.Err() != nil || empty.HasErrors() {
		t.Error("an empty list has errors")
	}
}
