package encode

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"ratingsite/internal/cqc"
	"ratingsite/internal/rating"
	"ratingsite/internal/schematest"
	"ratingsite/internal/site"
)

// fullPractice sets every field /practices/<id>.json can carry: a closed
// practice with a website, a county, a brand, every population group in
// every domain, a history with changes, and enforcement.
func fullPractice() *site.Practice {
	p := testPractice("1-1", "Castle Practice")
	p.Street, p.Line2, p.County = "1 Castle Street", "Royton", "Greater Manchester"
	p.Phone, p.Website = "0161 000 0000", "https://castle.example.org/"
	p.ProviderID, p.ProviderName, p.BrandID, p.BrandName = "1-2", "Castle Partners", "BD1", "Castle Group"
	p.ICBCode, p.ICBName = "E54000057", "NHS Greater Manchester ICB"
	p.ReportURL = "https://www.cqc.org.uk/location/1-1"
	rt := rating.ReportTypeOf("Location")
	for g := range rating.NumGroups {
		for d := rating.Overall; d < rating.NumDomains; d++ {
			p.Ratings[g][d] = rating.Cell{Value: rating.Good, Published: day("2024-03-01"), ReportType: rt, Inherited: d == rating.Safe}
		}
	}
	p.Timeline = []site.Rated{
		{Published: day("2020-01-02"), Overall: rating.Inadequate},
		{Published: day("2022-01-02"), Overall: rating.RequiresImprovement, Change: site.Improved,
			KeyQuestions: [5]rating.Value{rating.Good, rating.Good, rating.Good, rating.Good, rating.RequiresImprovement}},
		{Published: day("2024-03-01"), Overall: rating.Good, Change: site.Improved},
	}
	a := cqc.Action{Kind: cqc.SpecialMeasures, Date: day("2020-02-01"), SourceURL: "https://www.cqc.org.uk/notice"}
	p.Actions = []cqc.Action{{Kind: cqc.WarningNotice, Date: day("2021-02-01")}, a}
	p.SpecialMeasures = &a
	return p
}

// TestPracticeJSONMatchesSchema: the encoder's output matches the schema
// published in docs/, for every value a rating can take.
func TestPracticeJSONMatchesSchema(t *testing.T) {
	sch := schematest.Practice(t)
	dataDate := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	check := func(name string, p *site.Practice) {
		t.Helper()
		b, err := Practice(testBase, p, dataDate)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(name, b); err != nil {
			t.Error(err)
		}
	}
	check("full", fullPractice())
	check("minimal", testPractice("1-2", "Plain"))
	closed := fullPractice()
	closed.ClosedWhy, closed.ClosedOn = site.ClosedMissing, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	closed.Region, closed.LocalAuthority, closed.SpecialMeasures = nil, nil, nil
	check("closed, areas unknown", closed)
	for v := rating.Outstanding; v.String() != ""; v++ {
		p := fullPractice()
		p.Ratings[rating.Whole][rating.Overall].Value = v
		p.Timeline[0].Overall = v
		check(v.String(), p)
	}
	none := testPractice("1-3", "Unrated")
	none.Ratings = rating.Grid{}
	none.Placed = 0
	check("nothing published", none)
}

// TestPracticeSchemaRejects: the schema is strict enough to catch an
// undocumented field, a missing required one and an unknown value.
func TestPracticeSchemaRejects(t *testing.T) {
	sch := schematest.Practice(t)
	b, err := Practice(testBase, fullPractice(), time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	ratings := func(d map[string]any) map[string]any { return d["ratings"].(map[string]any) }
	cases := map[string]func(d map[string]any){
		"an undocumented field":              func(d map[string]any) { d["rank"] = 1 },
		"an undocumented field in a rating":  func(d map[string]any) { ratings(d)["overall"].(map[string]any)["score"] = 3 },
		"an unknown key question":            func(d map[string]any) { ratings(d)["keyQuestions"].(map[string]any)["kind"] = ratings(d)["overall"] },
		"an unknown rating":                  func(d map[string]any) { ratings(d)["overall"].(map[string]any)["rating"] = "Goood" },
		"isRating false for a rating":        func(d map[string]any) { ratings(d)["overall"].(map[string]any)["isRating"] = false },
		"a date that is not one":             func(d map[string]any) { d["dataDate"] = "2026-13-40" },
		"an unknown status":                  func(d map[string]any) { d["status"] = "open" },
		"an unknown action":                  func(d map[string]any) { d["specialMeasures"].(map[string]any)["action"] = "Fine" },
		"a javascript: website":              func(d map[string]any) { d["website"] = "javascript:alert(1)" },
		"an unknown change in the history":   func(d map[string]any) { d["history"].([]any)[1].(map[string]any)["change"] = "better" },
		"an undocumented field in an action": func(d map[string]any) { d["enforcement"].([]any)[0].(map[string]any)["note"] = "x" },
	}
	for _, req := range []string{"id", "name", "url", "ratings", "status", "history", "dataDate", "location", "nextInspection"} {
		cases["without "+req] = func(d map[string]any) { delete(d, req) }
	}
	for name, change := range cases {
		var d map[string]any
		json.Unmarshal(b, &d)
		change(d)
		mb, _ := json.Marshal(d)
		if err := sch.Validate(name, mb); err == nil {
			t.Errorf("the schema accepts %s", name)
		}
	}
}

// TestPracticeSchemaDescribesEveryField compares the schema with the
// encoder's types, field by field: every JSON field of PracticeJSON (and
// of the types it holds) is a property of the schema at the same place,
// every field without omitempty is required, and the schema describes
// nothing the encoder does not write. So a field added to the encoder
// fails here even when no test data sets it.
func TestPracticeSchemaDescribesEveryField(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", schematest.PracticeFile))
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		t.Fatal(err)
	}
	defs, _ := root["$defs"].(map[string]any)
	// object resolves $ref and picks the object among oneOf's choices.
	var object func(n map[string]any) map[string]any
	object = func(n map[string]any) map[string]any {
		if ref, ok := n["$ref"].(string); ok {
			return object(defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any))
		}
		for _, c := range asSlice(n["oneOf"]) {
			if o := object(c.(map[string]any)); o != nil && (o["type"] == "object" || o["type"] == "array" || o["properties"] != nil) {
				return o
			}
		}
		return n
	}
	var walk func(path string, ty reflect.Type, n map[string]any)
	walk = func(path string, ty reflect.Type, n map[string]any) {
		for ty.Kind() == reflect.Pointer {
			ty = ty.Elem()
		}
		n = object(n)
		switch ty.Kind() {
		case reflect.Struct:
			if n["additionalProperties"] != false {
				t.Errorf("%s: the schema does not set additionalProperties false", path)
			}
			props, _ := n["properties"].(map[string]any)
			required := asSlice(n["required"])
			seen := map[string]bool{}
			for name, f := range jsonFields(ty) {
				seen[name] = true
				sub, ok := props[name].(map[string]any)
				if !ok {
					t.Errorf("%s.%s: the encoder writes it; docs/practice.schema.json does not describe it", path, name)
					continue
				}
				if isReq := slices.Contains(required, any(name)); isReq == f.omitempty {
					t.Errorf("%s.%s: omitempty is %v but the schema's required says %v", path, name, f.omitempty, isReq)
				}
				walk(path+"."+name, f.typ, sub)
			}
			for name := range props {
				if !seen[name] {
					t.Errorf("%s.%s: the schema describes it; the encoder does not write it", path, name)
				}
			}
		case reflect.Map:
			props, _ := n["properties"].(map[string]any)
			if len(props) == 0 || n["additionalProperties"] != false {
				t.Errorf("%s: a map must list its keys as properties, with additionalProperties false", path)
			}
			for name, sub := range props {
				walk(path+"."+name, ty.Elem(), sub.(map[string]any))
			}
		case reflect.Slice:
			items, ok := n["items"].(map[string]any)
			if !ok {
				t.Errorf("%s: an array without items", path)
				return
			}
			walk(path+"[]", ty.Elem(), items)
		}
	}
	walk("practice", reflect.TypeFor[PracticeJSON](), root)
}

type jsonField struct {
	typ       reflect.Type
	omitempty bool
}

// jsonFields lists the JSON fields of a struct as encoding/json writes
// them, embedded structs' fields included.
func jsonFields(ty reflect.Type) map[string]jsonField {
	out := map[string]jsonField{}
	for f := range ty.Fields() {
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		if f.Anonymous && tag == "" {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out[name] = jsonField{typ: f.Type, omitempty: strings.Contains(opts, "omitempty")}
	}
	return out
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
