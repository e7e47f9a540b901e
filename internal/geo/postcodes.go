// Package geo owns where practices are: postcode look-ups, and (later)
// projection, GeoJSON and maps. Coordinates are orb.Points, [lon, lat].
package geo

import (
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strings"

	"github.com/gocarina/gocsv"
	"github.com/paulmach/orb"

	"ratingsite/internal/diag"
)

// Gazetteer maps normalised postcodes, full or outward codes, to centroids.
type Gazetteer struct {
	points map[string]orb.Point
}

// Placement says how a practice's coordinates were found.
type Placement uint8

const (
	// Unplaced: no coordinates.
	Unplaced Placement = iota
	// FromCQC: the CQC data gave them (ONSPD, from the full postcode).
	FromCQC
	// FromPostcode: the full postcode was found in postcodes.csv.
	FromPostcode
	// FromOutcode: only the outward code (postcode district) was found; the
	// point is the district's centroid, so it is approximate.
	FromOutcode
)

func (p Placement) String() string {
	return [...]string{"none", "CQC (ONSPD)", "postcode", "postcode district"}[p]
}

// NormalizePostcode upper-cases a postcode and removes its spaces.
func NormalizePostcode(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// Outward returns the outward code of a full postcode ("OL9 7SG" → "OL9"),
// or the input itself when it is already only an outward code.
func Outward(s string) string {
	n := NormalizePostcode(s)
	if f := strings.Fields(strings.ToUpper(s)); len(f) == 2 {
		return f[0]
	}
	// A full UK postcode's inward code is always digit + two letters.
	if len(n) >= 5 && n[len(n)-3] >= '0' && n[len(n)-3] <= '9' {
		return n[:len(n)-3]
	}
	return n
}

// Len is the number of postcodes held.
func (g *Gazetteer) Len() int {
	if g == nil {
		return 0
	}
	return len(g.points)
}

// Locate finds a postcode: the full postcode first, then its outward code.
func (g *Gazetteer) Locate(postcode string) (orb.Point, Placement) {
	if g == nil || postcode == "" {
		return orb.Point{}, Unplaced
	}
	if p, ok := g.points[NormalizePostcode(postcode)]; ok {
		return p, FromPostcode
	}
	if p, ok := g.points[Outward(postcode)]; ok {
		return p, FromOutcode
	}
	return orb.Point{}, Unplaced
}

type postcodeRow struct {
	Postcode  string `csv:"postcode"`
	Latitude  string `csv:"latitude"`
	Longitude string `csv:"longitude"`
}

// ReadPostcodes reads a CSV with header postcode,latitude,longitude (case
// and surrounding space in the header are ignored). Problems name the file
// and physical line.
func ReadPostcodes(r io.Reader, file string, problems *diag.List) *Gazetteer {
	g := &Gazetteer{points: make(map[string]orb.Point)}
	cr := csv.NewReader(stripBOM(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	um, err := gocsv.NewUnmarshaller(cr, postcodeRow{})
	if err != nil {
		if errors.Is(err, io.EOF) {
			problems.Errorf(file, 0, "", "write a header line: postcode,latitude,longitude", "file is empty")
		} else {
			problems.Errorf(file, 1, "", "", "cannot read the header: %v", err)
		}
		return g
	}
	if missing := missingColumns(um.Headers, "postcode", "latitude", "longitude"); len(missing) > 0 {
		for _, c := range missing {
			problems.Errorf(file, 1, c, "the header must be postcode,latitude,longitude", "required column is missing")
		}
		return g
	}
	for {
		v, err := um.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems.Errorf(file, pe.Line, "", "check the quoting on this line", "%v", pe.Err)
				return g
			}
			problems.Errorf(file, fieldLine(cr), "", "", "%v", err)
			continue
		}
		line := fieldLine(cr)
		row := v.(postcodeRow)
		pc := NormalizePostcode(row.Postcode)
		if pc == "" {
			problems.Errorf(file, line, "postcode", "fill it in or delete the row", "empty postcode")
			continue
		}
		lat, ok1 := parseCoord(row.Latitude, 49, 61)
		lon, ok2 := parseCoord(row.Longitude, -9, 2.5)
		if !ok1 {
			problems.Errorf(file, line, "latitude", "UK latitudes are between 49 and 61", "bad latitude %q", row.Latitude)
		}
		if !ok2 {
			problems.Errorf(file, line, "longitude", "UK longitudes are between -9 and 2.5", "bad longitude %q", row.Longitude)
		}
		if ok1 && ok2 {
			g.points[pc] = orb.Point{lon, lat}
		}
	}
	return g
}

func parseCoord(s string, lo, hi float64) (float64, bool) {
	f, err := parseFloat(strings.TrimSpace(s))
	if err != nil || math.IsNaN(f) || f < lo || f > hi {
		return 0, false
	}
	return f, true
}

// fieldLine is the physical line of the record just read, or 0 when the
// reader holds no record (FieldPos panics then).
func fieldLine(cr *csv.Reader) (line int) {
	defer func() {
		if recover() != nil {
			line = 0
		}
	}()
	line, _ = cr.FieldPos(0)
	return line
}
