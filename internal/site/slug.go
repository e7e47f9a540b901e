package site

// Slug makes a URL path segment from a name: lower case, with each run of
// characters other than a-z and 0-9 turned into one "-", and no "-" at
// either end. "Yorkshire and The Humber" becomes "yorkshire-and-the-humber".
// Letters outside ASCII are not transliterated; they count as separators.
// A slug is at most MaxSegment bytes long.
func Slug(name string) string {
	b := make([]byte, 0, len(name))
	dash := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, c)
		default:
			dash = true
		}
	}
	if len(b) > MaxSegment {
		b = b[:MaxSegment]
		for len(b) > 0 && b[len(b)-1] == '-' {
			b = b[:len(b)-1]
		}
	}
	return string(b)
}

// MaxSegment is the longest path segment the site makes: far below any
// file system's limit on a name.
const MaxSegment = 100
