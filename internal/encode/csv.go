package encode

import (
	"bytes"
	"encoding/csv"
	"ratingsite/internal/rating"
	"ratingsite/internal/site"
	"ratingsite/internal/urls"
	"strings"
)

// csvColumns are the columns of the practice CSV downloads.
var csvColumns = []string{"id", "ods_code", "name", "street", "address_line_2", "city", "postcode",
	"local_authority", "region", "overall", "published", "safe", "effective", "caring", "responsive", "well_led",
	"latitude", "longitude", "url"}

// spreadsheetSafe keeps a spreadsheet from reading a text cell as a
// formula: a leading =, +, -, @, tab or carriage return gets a '.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// PracticesCSV is one row per practice, with or without coordinates.
func PracticesCSV(base *urls.Base, ps []*site.Practice) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(csvColumns)
	row := make([]string, len(csvColumns))
	for _, p := range ps {
		o := p.Ratings[rating.Whole][rating.Overall]
		val := func(d rating.Domain) string {
			if v := p.Ratings[rating.Whole][d].Value; v.Present() {
				return v.String()
			}
			return ""
		}
		row = row[:0]
		row = append(row, spreadsheetSafe(p.ID), spreadsheetSafe(p.ODS), spreadsheetSafe(p.Name), spreadsheetSafe(p.Street),
			spreadsheetSafe(p.Line2), spreadsheetSafe(p.City), spreadsheetSafe(p.Postcode),
			spreadsheetSafe(p.LocalAuthority.Name), spreadsheetSafe(p.Region.Name), val(rating.Overall), "")
		if !o.Published.IsZero() {
			row[len(row)-1] = o.Published.Format("2006-01-02")
		}
		for _, d := range rating.KeyQuestions {
			row = append(row, val(d))
		}
		if p.HasPoint() {
			row = append(row, string(appendCoord(nil, p.Point[1])), string(appendCoord(nil, p.Point[0])))
		} else {
			row = append(row, "", "")
		}
		row = append(row, base.Abs(p.Path()))
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}
