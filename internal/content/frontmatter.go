package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"ratingsite/internal/diag"
)

// Meta is a file's YAML front matter: the block between a first line
// "---" and the next line "---" (or "...").
type Meta struct {
	// Present says whether the file has front matter at all.
	Present bool
	Title   string
	Summary string
	// Date is the day, at midnight UTC; zero when not given.
	Date time.Time
	// Data is the first day of the month whose figures a release quotes
	// ("data: 2026-10"); zero when not given.
	Data      time.Time
	Regions   []Ref // region slugs
	Practices []Ref // Location IDs
	Draft     bool
	// Lines holds the file line of each key given, for messages.
	Lines map[string]int
}

// Ref is one value of a list in the front matter, with its file line.
type Ref struct {
	Value string
	Line  int
}

// DateLayout is the only date form front matter takes.
const DateLayout = "2006-01-02"

// metaKeys are the keys a kind of file may use.
var (
	pageKeys    = []string{"title", "date", "summary", "draft"}
	releaseKeys = []string{"title", "date", "summary", "data", "regions", "practices", "draft"}
)

// splitFrontMatter separates src into its front matter (without the
// fences) and its body. yamlLine is the file line of the front matter's
// first line and bodyLine that of the body's. ok is false when src has no
// front matter; closed is false when the opening fence is never closed.
func splitFrontMatter(src []byte) (front, body []byte, yamlLine, bodyLine int, ok, closed bool) {
	rest := bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	first, after, found := bytes.Cut(rest, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, src, 0, 1, false, false
	}
	if !found {
		return nil, nil, 2, 2, true, false
	}
	line := 2
	off := 0
	for off <= len(after) {
		l, _, more := bytes.Cut(after[off:], []byte("\n"))
		t := string(bytes.TrimRight(l, " \t\r"))
		if t == "---" || t == "..." {
			end := off + len(l)
			if more {
				end++
			}
			return after[:off], after[end:], 2, line + 1, true, true
		}
		if !more {
			break
		}
		off += len(l) + 1
		line++
	}
	return after, nil, 2, line, true, false
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlParserProblem reports whether msg is one of the YAML parser's (not
// scanner's) problems, from parserc.go.
func yamlParserProblem(msg string) bool {
	for _, p := range []string{"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
		"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
		"found incompatible YAML document", "found undefined tag handle"} {
		if msg == p {
			return true
		}
	}
	return false
}

// parseMeta reads front matter. keys are the keys allowed; firstLine is
// the file line of the front matter's first line. Every problem is
// recorded, with the key's line.
func parseMeta(front []byte, file string, firstLine int, keys []string, problems *diag.List) (Meta, bool) {
	m := Meta{Present: true, Lines: map[string]int{}}
	at := func(n *yaml.Node) int { return firstLine - 1 + n.Line }
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		line, msg := firstLine, err.Error()
		if sm := yamlLineRE.FindStringSubmatch(msg); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			line, msg = firstLine-1+n, sm[2]
			if yamlParserProblem(msg) {
				// yaml.v3 counts a parser error's line from 0 (a scanner
				// error's from 1): it is where the construct began.
				line++
			}
		} else {
			msg = strings.TrimPrefix(msg, "yaml: ")
		}
		problems.Errorf(file, line, "", "write each setting as \"key: value\", e.g. \"title: Most practices rated good\"; quote a value that holds a colon", "front matter is not valid YAML: %s", msg)
		return m, false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return m, true // empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		problems.Errorf(file, at(root), "", "write each setting as \"key: value\" on its own line", "front matter must be a list of settings, not %s", kindName(root))
		return m, false
	}
	ok := true
	bad := func(n *yaml.Node, key, hint, format string, args ...any) {
		problems.Errorf(file, at(n), key, hint, format, args...)
		ok = false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if prev, dup := m.Lines[key]; dup {
			bad(k, key, "remove one of them", "given twice (first on line %d)", prev)
			continue
		}
		m.Lines[key] = at(k)
		if !contains(keys, key) {
			hint := "use one of: " + strings.Join(keys, ", ")
			if contains(releaseKeys, key) {
				hint = "data, regions and practices are only for news releases in news/; " + hint
			}
			bad(k, key, hint, "unknown key")
			continue
		}
		switch key {
		case "title", "summary":
			s, good := scalar(v)
			if !good {
				bad(v, key, "write it on one line, in quotes if it holds a colon", "must be text, not %s", kindName(v))
				continue
			}
			if key == "title" {
				m.Title = strings.TrimSpace(s)
			} else {
				m.Summary = strings.TrimSpace(s)
			}
		case "date":
			s, good := scalar(v)
			d, err := time.Parse(DateLayout, strings.TrimSpace(s))
			if !good || err != nil {
				bad(v, key, "write the day as YYYY-MM-DD, e.g. 2026-11-05", "%q is not a date in the form YYYY-MM-DD", s)
				continue
			}
			m.Date = d
		case "data":
			s, good := scalar(v)
			d, err := time.Parse(MonthLayout, strings.TrimSpace(s))
			if !good || err != nil {
				bad(v, key, "write the month whose figures the release quotes as YYYY-MM, e.g. data: 2026-10", "%q is not a month in the form YYYY-MM", s)
				continue
			}
			m.Data = d
		case "draft":
			var b bool
			if v.Kind != yaml.ScalarNode || v.Decode(&b) != nil {
				bad(v, key, "write draft: true or draft: false", "%q is not true or false", v.Value)
				continue
			}
			m.Draft = b
		case "regions", "practices":
			refs, good := list(v, at)
			if !good {
				hint := "list region slugs, e.g. regions: [london, north-west]"
				if key == "practices" {
					hint = "list Location IDs, e.g. practices: [\"1-123456789\"]"
				}
				bad(v, key, hint, "must be a list of text values")
				continue
			}
			if key == "regions" {
				m.Regions = refs
			} else {
				m.Practices = refs
			}
		}
	}
	return m, ok
}

func scalar(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", false
	}
	return n.Value, true
}

// list reads a sequence of scalars, or one scalar as a list of one.
func list(n *yaml.Node, at func(*yaml.Node) int) ([]Ref, bool) {
	if s, ok := scalar(n); ok {
		return []Ref{{strings.TrimSpace(s), at(n)}}, true
	}
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	var out []Ref
	for _, c := range n.Content {
		s, ok := scalar(c)
		if !ok {
			return nil, false
		}
		out = append(out, Ref{strings.TrimSpace(s), at(c)})
	}
	return out, true
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a set of settings"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "an empty value"
		}
		return "a single value"
	}
	return fmt.Sprintf("a YAML node of kind %d", n.Kind)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
