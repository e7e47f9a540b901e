package enforcement

import (
	"bytes"
	"strings"
	"testing"

	"ratingsite/internal/cqc"
	"ratingsite/internal/diag"
)

func TestReadEnforcement(t *testing.T) {
	in := "\ufeffLocation ID,Date,ACTION,Source URL,Notes\r\n" +
		"1-101,14/03/2024,Special measures,https://www.cqc.org.uk/location/1-101,\r\n" +
		"\r\n" +
		"1-102,2024-05-01,warning  NOTICE,,\"a note\r\nover two lines\"\r\n" +
		"1-103,01/06/2024,Conditions imposed,http://example.org/n,\r\n" +
		"1-104,02/06/2024,suspension,,\r\n" +
		"1-105,03/06/2024,Cancellation proposed,,\r\n" +
		"1-105,03/06/2024,Cancellation proposed,,\r\n"
	var p diag.List
	got := Read(strings.NewReader(in), "enforcement.csv", &p)
	if p.HasErrors() {
		t.Fatal(p.All())
	}
	want := []struct {
		id   string
		kind cqc.ActionKind
		date string
		line int
	}{{"1-101", cqc.SpecialMeasures, "2024-03-14", 2}, {"1-102", cqc.WarningNotice, "2024-05-01", 4}, {"1-103", cqc.ConditionsImposed, "2024-06-01", 6},
		{"1-104", cqc.Suspension, "2024-06-02", 7}, {"1-105", cqc.CancellationProposed, "2024-06-03", 8}}
	if len(got) != len(want) {
		t.Fatalf("got %d actions: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.LocationID != w.id || g.Kind != w.kind || g.Date.String() != w.date || g.Line != w.line || g.File != "enforcement.csv" {
			t.Errorf("action %d = %+v, want %+v", i, g, w)
		}
	}
	if got[0].SourceURL != "https://www.cqc.org.uk/location/1-101" || got[1].SourceURL != "" {
		t.Errorf("source URLs %q %q", got[0].SourceURL, got[1].SourceURL)
	}
	ws := p.Warnings()
	if len(ws) != 1 || ws[0].Line != 9 || !strings.Contains(ws[0].Message, "lines 8 and 9 give the same action") {
		t.Errorf("warnings %v", ws)
	}
}

func TestReadEnforcementErrors(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string // "line field: part of the message"
	}{
		{"empty", "", []string{"0 : file is empty"}},
		{"missing columns", "Location ID,Date\n1-1,01/01/2024\n", []string{`1 Action: required column is missing`, `1 Source URL: required column is missing`}},
		{"bad values", "Location ID,Action,Date,Source URL\n" +
			"1-1,Fined,01/01/2024,\n" +
			"1-1,Suspension,30/02/2024,\n" +
			"1-1,Suspension,soon,\n" +
			"1-1,Suspension,01/01/2009,\n" +
			"1-1,Suspension,01/01/2024,javascript:alert(1)\n" +
			"1-1,Suspension,01/01/2024,//evil.example/x\n" +
			"1-1,Suspension,01/01/2024,https://user:pw@evil.example/\n" +
			"1/1,Suspension,01/01/2024,\n" +
			",Suspension,01/01/2024,\n" +
			"1-1,cqc.Suspension\n",
			[]string{`2 Action: unknown action "Fined"`, `3 Date: "30/02/2024" is not a real date`, `4 Date: "soon" is not a date`,
				`5 Date: "01/01/2009" is before CQC regulated`, `6 Source URL: unsafe or malformed URL "javascript:alert(1)"`,
				`7 Source URL: unsafe or malformed URL "//evil.example/x"`, `8 Source URL: unsafe or malformed URL`,
				`9 Location ID: Location ID "1/1" has characters`, `10 Location ID: Location ID is empty`, `11 : row has fewer fields than the header`}},
		{"not UTF-8", "Location ID,Action,Date,Source URL\n1-1,Suspension,01/01/2024,\n1-\xe9,Suspension,01/01/2024,\n", []string{"3 : file is not UTF-8"}},
		{"syntax", "Location ID,Action,Date,Source URL\n1-1,\"Suspension,01/01/2024,\n", []string{"2 : CSV syntax error"}},
	} {
		var p diag.List
		Read(strings.NewReader(tt.in), "e.csv", &p)
		errs := p.Errors()
		if len(errs) != len(tt.want) {
			t.Errorf("%s: %d errors, want %d: %v", tt.name, len(errs), len(tt.want), errs)
			continue
		}
		for i, w := range tt.want {
			lf, msg, _ := strings.Cut(w, ": ")
			e := errs[i]
			if got := strings.TrimSpace(strings.Join([]string{itoa(e.Line), e.Field}, " ")); got != strings.TrimSpace(lf) || !strings.Contains(e.Message, msg) || e.File != "e.csv" {
				t.Errorf("%s: error %d = %d %q %q, want %q", tt.name, i, e.Line, e.Field, e.Message, w)
			}
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

// FuzzReadEnforcement: whatever the bytes, the reader does not panic,
// every problem names the file and a line inside it, and every action it
// returns is valid.
func FuzzReadEnforcement(f *testing.F) {
	f.Add([]byte("Location ID,Action,Date,Source URL\n1-1,Special measures,14/03/2024,https://www.cqc.org.uk/location/1-1\n"))
	f.Add([]byte("\ufeffLocation ID,Action,Date,Source URL\r\n1-1,\"Warning\r\nnotice\",2024-03-14,\r\n"))
	f.Add([]byte("Location ID,Action,Date,Source URL\n1-1,Fined,31/02/2024,javascript:alert(1)\n../x,,,\n"))
	f.Add([]byte("Location ID,Action\n\"unclosed\n"))
	f.Add([]byte("\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p diag.List
		acts := Read(bytes.NewReader(data), "fuzz.csv", &p)
		lines := bytes.Count(data, []byte{'\n'}) + 1
		for _, x := range p.All() {
			if x.File != "fuzz.csv" || x.Line < 0 || x.Line > lines {
				t.Errorf("problem outside the file: %s", x)
			}
		}
		for _, a := range acts {
			if cqc.CheckID(a.LocationID) != "" || a.Kind.String() == "" || a.Date.IsZero() ||
				a.SourceURL != "" && !cqc.SafeSourceURL(a.SourceURL) || a.Line < 1 || a.Line > lines {
				t.Errorf("invalid action returned: %+v", a)
			}
		}
	})
}

// TestReadLimits: a long value is one error on its line and column that
// quotes a prefix; problems are capped at 50 a file, then counted.
func TestReadLimits(t *testing.T) {
	in := "Location ID,Action,Date,Source URL\n1-1," + strings.Repeat("x", 100_000) + ",01/01/2024,\n"
	var p diag.List
	if acts := Read(strings.NewReader(in), "e.csv", &p); len(acts) != 0 {
		t.Errorf("actions %v", acts)
	}
	if es := p.Errors(); len(es) != 1 || es[0].Line != 2 || es[0].Field != "Action" || len(es[0].String()) > 300 {
		t.Errorf("errors %v", es)
	}
	var b strings.Builder
	b.WriteString("Location ID,Action,Date,Source URL\n")
	for range 500 {
		b.WriteString("-1,Suspension,01/01/2024,\n")
	}
	p = diag.List{}
	Read(strings.NewReader(b.String()), "e.csv", &p)
	if all := p.All(); len(all) != 51 || !strings.Contains(all[0].Message, "450 more problems") {
		t.Errorf("%d problems, first %v", len(all), all[0])
	}
}
