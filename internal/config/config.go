package config

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// DefaultFile is the configuration file read from the current directory,
// the site's root, when neither -config nor RATINGSITE_CONFIG names one.
const DefaultFile = "ratingsite.toml"

// EnvFile names the configuration file when no -config flag is given.
const EnvFile = "RATINGSITE_CONFIG"

// envPrefix starts every environment variable that overrides a key.
const envPrefix = "RATINGSITE_"

// Config is everything ratingsite.toml can hold. Its zero value is not the
// default: start from [Default].
type Config struct {
	// BaseURL is the absolute URL the site is served from.
	BaseURL string `toml:"base_url"`
	// Categories are the primary inspection categories to publish.
	Categories []string `toml:"categories"`
	// Compress writes .gz and .br copies beside every text file.
	Compress bool `toml:"compress"`
	// Data, Content, Templates, Assets and Out are folders; a relative
	// path in the file is relative to the file's folder.
	Data      string `toml:"data"`
	Content   string `toml:"content"`
	Templates string `toml:"templates"`
	Assets    string `toml:"assets"`
	Out       string `toml:"out"`
	Tiles     Tiles  `toml:"tiles"`
	Fetch     Fetch  `toml:"fetch"`
	Deploy    Deploy `toml:"deploy"`
}

// Tiles is the optional slippy base map under the site's maps.
type Tiles struct {
	// URL is a tile template such as https://tile.example.org/{z}/{x}/{y}.png.
	URL string `toml:"url"`
	// Attribution is the tile provider's required credit.
	Attribution string `toml:"attribution"`
}

// Fetch holds the settings of ratingsite fetch. The API's subscription key
// is not among them: it is read only from CQC_SUBSCRIPTION_KEY.
type Fetch struct {
	// APIURL is the CQC API's base URL.
	APIURL string `toml:"api_url"`
	// Rate is the most requests a minute.
	Rate int `toml:"rate"`
	// Workers is how many requests are in flight at once.
	Workers int `toml:"workers"`
	// Contact (a URL or an e-mail address) goes into the User-Agent, so
	// that CQC can reach whoever runs the fetch.
	Contact string `toml:"contact"`
	// Category is the primary inspection category code a full sync lists.
	Category string `toml:"category"`
	// RatingsPage is CQC's "using CQC data" page, where fetch -ratings
	// looks for the newest Latest ratings file.
	RatingsPage string `toml:"ratings_page"`
}

// Deploy holds the settings of ratingsite deploy.
type Deploy struct {
	// Target is where the site goes, e.g. s3://bucket?region=eu-west-2&prefix=site/.
	Target string `toml:"target"`
	// MaxDeletes is the most files one deploy may delete.
	MaxDeletes int `toml:"max_deletes"`
}

// Default returns the built-in defaults.
func Default() Config {
	return Config{
		BaseURL:    "http://localhost:8080/",
		Categories: []string{"GP Practices"},
		Data:       "data",
		Content:    "content",
		Templates:  "templates",
		Assets:     "assets",
		Out:        "public",
		Fetch: Fetch{
			APIURL:      "https://api.service.cqc.org.uk/public/v1",
			Rate:        600,
			Workers:     4,
			Category:    "P2",
			RatingsPage: "https://www.cqc.org.uk/about-us/transparency/using-cqc-data",
		},
		Deploy: Deploy{MaxDeletes: 256}, // deploy.DefaultMaxDeletes
	}
}

// Key describes one setting.
type Key struct {
	// Name is the key in ratingsite.toml, dotted under its table: "base_url",
	// "tiles.url", "deploy.target".
	Name string
	// Flag is the command-line flag that overrides it, without the dash.
	Flag string
	// Commands are the commands whose Flag takes the value; none means
	// every command that has a flag of that name.
	Commands []string
	// Dir marks a folder: relative paths in the file are relative to it.
	Dir bool
}

// Env is the environment variable that overrides the key.
func (k Key) Env() string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(k.Name, ".", "_"))
}

// AppliesTo reports whether the key sets the flag of command cmd.
func (k Key) AppliesTo(cmd string) bool {
	return len(k.Commands) == 0 || slices.Contains(k.Commands, cmd)
}

// keys is the table of settings, in the order ratingsite config prints
// them. Every field of Config has one row (a test checks it).
var keys = []Key{
	// The preview server makes its own base URL from -addr: the site's
	// public URL would send every link away from the preview.
	{Name: "base_url", Flag: "base-url", Commands: []string{"build", "check", "check-links", "deploy"}},
	{Name: "categories", Flag: "categories"},
	{Name: "compress", Flag: "compress"},
	{Name: "data", Flag: "data", Dir: true},
	{Name: "content", Flag: "content", Dir: true},
	{Name: "templates", Flag: "templates", Dir: true},
	{Name: "assets", Flag: "assets", Dir: true},
	{Name: "out", Flag: "out", Dir: true},
	{Name: "tiles.url", Flag: "tiles"},
	{Name: "tiles.attribution", Flag: "tiles-attribution"},
	{Name: "fetch.api_url", Flag: "api-url", Commands: []string{"fetch"}},
	{Name: "fetch.rate", Flag: "rate", Commands: []string{"fetch"}},
	{Name: "fetch.workers", Flag: "workers", Commands: []string{"fetch"}},
	{Name: "fetch.contact", Flag: "contact", Commands: []string{"fetch"}},
	{Name: "fetch.category", Flag: "category", Commands: []string{"fetch"}},
	{Name: "fetch.ratings_page", Flag: "ratings-page", Commands: []string{"fetch"}},
	{Name: "deploy.target", Flag: "target", Commands: []string{"deploy"}},
	{Name: "deploy.max_deletes", Flag: "max-deletes", Commands: []string{"deploy"}},
}

// Keys returns the table of settings.
func Keys() []Key { return slices.Clone(keys) }

// Origin says where a value came from.
type Origin uint8

const (
	FromDefault Origin = iota
	FromFile
	FromEnv
	FromFlag
)

// Source is where one value came from: Where is "ratingsite.toml:3:1",
// "RATINGSITE_BASE_URL" or "-base-url".
type Source struct {
	Origin Origin
	Where  string
}

func (s Source) String() string {
	switch s.Origin {
	case FromFile:
		return "file " + s.Where
	case FromEnv:
		return "environment " + s.Where
	case FromFlag:
		return "flag " + s.Where
	}
	return "default"
}

// Settings is the merged configuration and where each value came from.
type Settings struct {
	Config
	// File is the configuration file that was read, "" if there was none.
	File string
	// Warnings are problems that do not stop a run, such as an unknown
	// RATINGSITE_ variable.
	Warnings []string
	sources  map[string]Source
}

// Source tells where the value of key (a Key.Name) came from.
func (s *Settings) Source(key string) Source { return s.sources[key] }

// Load reads file (DefaultFile if empty; a missing DefaultFile is no
// error, a missing named file is), then the environment, over the
// defaults. Every problem in the file is reported in one error, each
// naming the file, line and column.
func Load(file string) (*Settings, error) {
	return load(file, os.LookupEnv, os.Environ())
}

func load(file string, lookup func(string) (string, bool), environ []string) (*Settings, error) {
	s := &Settings{Config: Default(), sources: map[string]Source{}}
	named := file != ""
	if !named {
		if f, ok := lookup(EnvFile); ok && f != "" {
			file, named = f, true
		} else {
			file = DefaultFile
		}
	}
	b, err := os.ReadFile(file)
	switch {
	case err == nil:
		s.File = file
		if err := s.readFile(file, b); err != nil {
			return nil, err
		}
	case !named && errors.Is(err, os.ErrNotExist):
	default:
		return nil, fmt.Errorf("configuration file: %w", err)
	}
	if err := s.readEnv(lookup, environ); err != nil {
		return nil, err
	}
	return s, nil
}

// readFile decodes b over s.Config, strictly: an unknown key is an error.
func (s *Settings) readFile(file string, b []byte) error {
	dec := toml.NewDecoder(bytes.NewReader(b)).DisallowUnknownFields()
	if err := dec.Decode(&s.Config); err != nil {
		return fileError(file, err)
	}
	pos, err := keyPositions(b)
	if err != nil {
		return fileError(file, err)
	}
	dir := filepath.Dir(file)
	for _, k := range keys {
		p, ok := pos[k.Name]
		if !ok {
			continue
		}
		s.sources[k.Name] = Source{FromFile, fmt.Sprintf("%s:%d:%d", file, p.Line, p.Column)}
		if k.Dir && dir != "." {
			v := field(&s.Config, k.Name)
			if p := v.String(); p != "" && !filepath.IsAbs(p) {
				v.SetString(filepath.Join(dir, p))
			}
		}
	}
	return nil
}

// keyPositions maps every dotted key set in the document to where it is.
func keyPositions(b []byte) (map[string]unstable.Position, error) {
	pos := map[string]unstable.Position{}
	var p unstable.Parser
	p.Reset(b)
	var table []string
	var walk func(prefix []string, n *unstable.Node)
	walk = func(prefix []string, n *unstable.Node) {
		name := slices.Clone(prefix)
		var first *unstable.Node
		for it := n.Key(); it.Next(); {
			if first == nil {
				first = it.Node()
			}
			name = append(name, string(it.Node().Data))
		}
		if v := n.Value(); v.Kind == unstable.InlineTable {
			for it := v.Children(); it.Next(); {
				walk(name, it.Node())
			}
			return
		}
		if first != nil {
			pos[strings.Join(name, ".")] = p.Shape(first.Raw).Start
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = table[:0]
			for it := e.Key(); it.Next(); {
				table = append(table, string(it.Node().Data))
			}
		case unstable.KeyValue:
			walk(table, e)
		}
	}
	return pos, p.Error()
}

// fileError turns the TOML library's errors into "file:line:col: message"
// lines, all of them.
func fileError(file string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs []error
		for _, e := range strict.Errors {
			line, col := e.Position()
			key := strings.Join(e.Key(), ".")
			hint := "see docs/config.md for the keys"
			if strings.HasSuffix(key, "key") && strings.HasPrefix(key, "fetch") {
				hint = "the CQC API key is read only from the environment variable CQC_SUBSCRIPTION_KEY, never from a file"
			}
			errs = append(errs, fmt.Errorf("%s:%d:%d: unknown key %q (%s)", file, line, col, key, hint))
		}
		return errors.Join(errs...)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		msg := goType.ReplaceAllString(strings.TrimPrefix(de.Error(), "toml: "), "into a $1")
		if k := de.Key(); len(k) > 0 {
			msg = fmt.Sprintf("key %q: %s", strings.Join(k, "."), msg)
		}
		return fmt.Errorf("%s:%d:%d: %s (see docs/config.md)", file, line, col, msg)
	}
	var pe *unstable.ParserError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %s", file, pe.Message)
	}
	return fmt.Errorf("%s: %w", file, err)
}

// goType matches the Go names in the TOML library's type errors.
var goType = regexp.MustCompile(`into (?:struct field )?\S+ of type (\S+)`)

// readEnv applies every RATINGSITE_ variable that names a key.
func (s *Settings) readEnv(lookup func(string) (string, bool), environ []string) error {
	known := map[string]bool{EnvFile: true}
	var errs []error
	for _, k := range keys {
		known[k.Env()] = true
		v, ok := lookup(k.Env())
		if !ok {
			continue
		}
		if err := setString(field(&s.Config, k.Name), v); err != nil {
			errs = append(errs, fmt.Errorf("environment variable %s=%q: %v", k.Env(), v, err))
			continue
		}
		s.sources[k.Name] = Source{FromEnv, k.Env()}
	}
	var unknown []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, envPrefix) && !known[name] {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		s.Warnings = append(s.Warnings, fmt.Sprintf("environment variable %s names no setting and is ignored (see docs/config.md)", name))
	}
	return errors.Join(errs...)
}

// field returns the settable field of c for a dotted key.
func field(c *Config, key string) reflect.Value {
	v := reflect.ValueOf(c).Elem()
	for _, part := range strings.Split(key, ".") {
		t := v.Type()
		found := false
		for i := range t.NumField() {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); name == part {
				v, found = v.Field(i), true
				break
			}
		}
		if !found {
			panic("config: no field for key " + key)
		}
	}
	return v
}

// setString parses s as a flag would into the field v.
func setString(v reflect.Value, s string) error {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return errors.New("want true or false")
		}
		v.SetBool(b)
	case reflect.Int:
		n, err := strconv.Atoi(s)
		if err != nil {
			return errors.New("want a whole number")
		}
		v.SetInt(int64(n))
	case reflect.Slice:
		var list []string
		for _, e := range strings.Split(s, ",") {
			if e = strings.TrimSpace(e); e != "" {
				list = append(list, e)
			}
		}
		v.Set(reflect.ValueOf(list))
	default:
		panic("config: unsupported kind " + v.Kind().String())
	}
	return nil
}

// flagValue formats a field as its flag takes it.
func flagValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Slice:
		return strings.Join(v.Interface().([]string), ",")
	}
	return fmt.Sprint(v.Interface())
}

// Value returns the value of key (a Key.Name) as its flag would take it:
// lists are comma-separated.
func (s *Settings) Value(key string) string { return flagValue(field(&s.Config, key)) }

// Apply sets every flag of fs that the command line did not give and that
// has a value in the environment or the file; flags of keys that do not
// apply to fs's command (fs.Name()) are left alone. It is called after
// fs.Parse. The values go through the flags' own parsing, so they are
// checked exactly as if typed.
func (s *Settings) Apply(fs *flag.FlagSet) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	for _, k := range keys {
		src := s.sources[k.Name]
		if fs.Lookup(k.Flag) == nil || !k.AppliesTo(fs.Name()) {
			continue
		}
		if given[k.Flag] {
			s.sources[k.Name] = Source{FromFlag, "-" + k.Flag}
			// Keep Settings true to the flag where the flag can say its
			// value (a flag.Func cannot).
			if g, ok := fs.Lookup(k.Flag).Value.(flag.Getter); ok {
				setString(field(&s.Config, k.Name), g.String())
			}
			continue
		}
		if src.Origin == FromDefault {
			continue
		}
		if err := fs.Set(k.Flag, s.Value(k.Name)); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %v", src.Where, k.Name, err))
		}
	}
	return errors.Join(errs...)
}

// FileFlag declares the -config flag on fs; Apply reads the file it names.
func FileFlag(fs *flag.FlagSet) {
	fs.String("config", "", "configuration `FILE` (default "+DefaultFile+" if present, or $"+EnvFile+"); flags override it, see docs/config.md")
}

// Apply loads the configuration (the file named by fs's -config flag if
// given) and applies it to fs; warnings go to warn. It is the one call a
// command makes after parsing its flags.
func Apply(fs *flag.FlagSet, warn io.Writer) (*Settings, error) {
	file := ""
	if f := fs.Lookup("config"); f != nil {
		file = f.Value.String()
	}
	s, err := Load(file)
	if err != nil {
		return nil, err
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(warn, "ratingsite: warning: %s\n", w)
	}
	return s, s.Apply(fs)
}

// Write prints the merged settings as TOML, each with a comment saying
// where it came from.
func (s *Settings) Write(w io.Writer) error {
	table := ""
	for _, k := range keys {
		t, name, ok := strings.Cut(k.Name, ".")
		if !ok {
			t, name = "", k.Name
		}
		if t != table {
			fmt.Fprintf(w, "\n[%s]\n", t)
			table = t
		}
		v, err := toml.Marshal(map[string]any{name: field(&s.Config, k.Name).Interface()})
		if err != nil {
			return err
		}
		line := strings.TrimSpace(string(v))
		if _, err := fmt.Fprintf(w, "%-50s # %s\n", line, s.Source(k.Name)); err != nil {
			return err
		}
	}
	return nil
}
