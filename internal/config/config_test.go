package config

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// env is a fake environment.
type env map[string]string

func (e env) lookup(k string) (string, bool) { v, ok := e[k]; return v, ok }
func (e env) list() []string {
	var l []string
	for k, v := range e {
		l = append(l, k+"="+v)
	}
	return l
}

func write(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const sample = `# a site
base_url = "https://ratings.example.org/"
categories = ["GP Practices", "Dentists"]
compress = true
data = "cqc"

[tiles]
url = "https://tile.example.org/{z}/{x}/{y}.png"
attribution = "© Example"

[fetch]
rate = 120

[deploy]
target = "s3://bucket/site"
max_deletes = 50
`

func TestLoadFile(t *testing.T) {
	file := write(t, "ratingsite.toml", sample)
	s, err := load(file, env{}.lookup, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.BaseURL = "https://ratings.example.org/"
	want.Categories = []string{"GP Practices", "Dentists"}
	want.Compress = true
	want.Data = filepath.Join(filepath.Dir(file), "cqc") // relative to the file
	want.Tiles = Tiles{URL: "https://tile.example.org/{z}/{x}/{y}.png", Attribution: "© Example"}
	want.Fetch.Rate = 120
	want.Deploy = Deploy{Target: "s3://bucket/site", MaxDeletes: 50}
	if !reflect.DeepEqual(s.Config, want) {
		t.Errorf("got  %+v\nwant %+v", s.Config, want)
	}
	for key, where := range map[string]string{
		"base_url":           file + ":2:1",
		"tiles.attribution":  file + ":9:1",
		"deploy.max_deletes": file + ":16:1",
	} {
		if got := s.Source(key); got.Origin != FromFile || got.Where != where {
			t.Errorf("source of %s = %v, want file %s", key, got, where)
		}
	}
	if got := s.Source("content"); got.Origin != FromDefault {
		t.Errorf("source of content = %v, want default", got)
	}
}

func TestInlineAndDottedKeys(t *testing.T) {
	file := write(t, "c.toml", "tiles = { url = \"u\", attribution = \"a\" }\ndeploy.target = \"s3://b\"\n")
	s, err := load(file, env{}.lookup, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Tiles.URL != "u" || s.Deploy.Target != "s3://b" {
		t.Errorf("got %+v", s.Config)
	}
	for _, k := range []string{"tiles.url", "tiles.attribution", "deploy.target"} {
		if s.Source(k).Origin != FromFile {
			t.Errorf("source of %s = %v, want the file", k, s.Source(k))
		}
	}
}

func TestFileErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"unknown keys, all reported", "base_url = \"x\"\nbaseurl = \"y\"\n[deploy]\n  traget = \"s3://x\"\n",
			[]string{":2:1: unknown key \"baseurl\"", ":4:3: unknown key \"deploy.traget\"", "docs/config.md"}},
		{"an API key in the file", "[fetch]\nkey = \"secret\"\n",
			[]string{":2:1: unknown key \"fetch.key\"", "CQC_SUBSCRIPTION_KEY"}},
		{"wrong type", "compress = \"yes\"\n", []string{":1:12: key \"compress\"", "bool"}},
		{"syntax", "base_url = \n", []string{":1:12:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := write(t, "c.toml", tc.text)
			_, err := load(file, env{}.lookup, nil)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if !strings.HasPrefix(err.Error(), file) {
				t.Errorf("error does not start with the file name: %v", err)
			}
		})
	}
}

func TestMissingFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if s, err := load("", env{}.lookup, nil); err != nil || s.File != "" || !reflect.DeepEqual(s.Config, Default()) {
		t.Errorf("no ratingsite.toml: %v %+v", err, s)
	}
	if _, err := load("nope.toml", env{}.lookup, nil); err == nil {
		t.Error("a named file that is missing is no error")
	}
	if _, err := load("", env{EnvFile: "nope.toml"}.lookup, nil); err == nil {
		t.Error("a file named by RATINGSITE_CONFIG that is missing is no error")
	}
	os.WriteFile(DefaultFile, []byte("compress = true\n"), 0o644)
	if s, err := load("", env{}.lookup, nil); err != nil || !s.Compress || s.File != DefaultFile {
		t.Errorf("ratingsite.toml in the current directory not read: %v %+v", err, s)
	}
}

func TestEnvOverridesFile(t *testing.T) {
	file := write(t, "c.toml", sample)
	e := env{
		"RATINGSITE_BASE_URL":      "https://env.example.org/",
		"RATINGSITE_CATEGORIES":    "Dentists, GP Practices",
		"RATINGSITE_COMPRESS":      "false",
		"RATINGSITE_DEPLOY_TARGET": "s3://other",
		"RATINGSITE_FETCH_RATE":    "60",
		"RATINGSITE_BASEURL":       "typo",
	}
	s, err := load(file, e.lookup, e.list())
	if err != nil {
		t.Fatal(err)
	}
	if s.BaseURL != "https://env.example.org/" || s.Compress || s.Deploy.Target != "s3://other" || s.Fetch.Rate != 60 ||
		!reflect.DeepEqual(s.Categories, []string{"Dentists", "GP Practices"}) {
		t.Errorf("environment not applied: %+v", s.Config)
	}
	if got := s.Source("base_url"); got.Origin != FromEnv || got.Where != "RATINGSITE_BASE_URL" {
		t.Errorf("source = %v", got)
	}
	if s.Deploy.MaxDeletes != 50 {
		t.Errorf("file value lost: %+v", s.Deploy)
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "RATINGSITE_BASEURL") {
		t.Errorf("warnings = %q, want one for RATINGSITE_BASEURL", s.Warnings)
	}
	bad := env{"RATINGSITE_COMPRESS": "maybe", "RATINGSITE_FETCH_RATE": "fast"}
	_, err = load(file, bad.lookup, bad.list())
	if err == nil || !strings.Contains(err.Error(), "RATINGSITE_COMPRESS") || !strings.Contains(err.Error(), "RATINGSITE_FETCH_RATE") {
		t.Errorf("bad environment values: %v", err)
	}
}

// buildFlags imitates the flags of ratingsite build.
func buildFlags(name string) (*flag.FlagSet, *string, *bool, *string, *int) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	base := fs.String("base-url", "http://localhost:8080/", "")
	compress := fs.Bool("compress", false, "")
	data := fs.String("data", "data", "")
	workers := fs.Int("workers", 0, "")
	return fs, base, compress, data, workers
}

func TestApplyPrecedence(t *testing.T) {
	file := write(t, "c.toml", "base_url = \"https://file.example.org/\"\ncompress = true\ndata = \"/srv/data\"\n[fetch]\nworkers = 9\n")
	e := env{"RATINGSITE_DATA": "/env/data"}
	s, err := load(file, e.lookup, e.list())
	if err != nil {
		t.Fatal(err)
	}
	fs, base, compress, data, workers := buildFlags("build")
	if err := fs.Parse([]string{"-compress=false"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(fs); err != nil {
		t.Fatal(err)
	}
	// flag > env > file > default
	if *compress {
		t.Error("the file overrode a flag given on the command line")
	}
	if *data != "/env/data" {
		t.Errorf("data = %q, want the environment's", *data)
	}
	if *base != "https://file.example.org/" {
		t.Errorf("base-url = %q, want the file's", *base)
	}
	if *workers != 0 {
		t.Errorf("fetch.workers set build's -workers to %d", *workers)
	}
	if got := s.Source("compress"); got.Origin != FromFlag {
		t.Errorf("source of compress = %v", got)
	}

	// serve makes its own base URL.
	fs, base, _, _, _ = buildFlags("serve")
	fs.Parse(nil)
	s.Apply(fs)
	if *base != "http://localhost:8080/" {
		t.Errorf("serve's -base-url = %q, want its default", *base)
	}
}

func TestApplyChecksValues(t *testing.T) {
	e := env{"RATINGSITE_CATEGORIES": ","}
	s, err := load("", e.lookup, e.list())
	if err != nil {
		t.Fatal(err)
	}
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.Func("categories", "", func(v string) error {
		if v == "" {
			return os.ErrInvalid
		}
		return nil
	})
	fs.Parse(nil)
	if err := s.Apply(fs); err == nil || !strings.Contains(err.Error(), "RATINGSITE_CATEGORIES") {
		t.Errorf("Apply of an empty category list: %v", err)
	}
}

// TestEveryFieldHasAKey keeps the table and the struct in step.
func TestEveryFieldHasAKey(t *testing.T) {
	var walk func(prefix string, typ reflect.Type) []string
	walk = func(prefix string, typ reflect.Type) []string {
		var names []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			if f.Type.Kind() == reflect.Struct {
				names = append(names, walk(prefix+name+".", f.Type)...)
				continue
			}
			names = append(names, prefix+name)
		}
		return names
	}
	var table []string
	for _, k := range keys {
		table = append(table, k.Name)
	}
	if got := walk("", reflect.TypeFor[Config]()); !reflect.DeepEqual(got, table) {
		t.Errorf("fields %q\ntable  %q", got, table)
	}
}

func TestWrite(t *testing.T) {
	file := write(t, "c.toml", sample)
	e := env{"RATINGSITE_OUT": "/tmp/site"}
	s, err := load(file, e.lookup, e.list())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"base_url = 'https://ratings.example.org/'", "# file " + file + ":2:1",
		"# environment RATINGSITE_OUT", "# default", "[deploy]", "max_deletes = 50",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
