package mapsvg

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
)

// encodePNG writes an opaque image as an 8-bit RGB PNG with no row
// filter, compressed at zlib's best speed; any other image goes to
// image/png. The maps are large areas of a few flat colours, where
// zlib finds the runs by itself: image/png's adaptive filters (it tries
// five on every row) cost half of each Open Graph image's encoding and
// made the files 4% larger (the 58 local-authority images of the
// 7,500-practice sample: 4.47 MB without filters, 4.65 MB with).
func encodePNG(img *image.RGBA) ([]byte, error) {
	if !img.Opaque() {
		var b bytes.Buffer
		err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
		return b.Bytes(), err
	}
	w, h := img.Rect.Dx(), img.Rect.Dy()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits a sample, truecolour; deflate, no filter method choice, no interlace
	chunk(&out, "IHDR", ihdr[:])

	var z bytes.Buffer
	zw, err := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	if err != nil {
		return nil, err
	}
	row := make([]byte, 1+3*w) // row[0] = 0: filter type None
	for y := range h {
		pix := img.Pix[img.PixOffset(img.Rect.Min.X, img.Rect.Min.Y+y):]
		for x := range w {
			copy(row[1+3*x:4+3*x], pix[4*x:4*x+3])
		}
		if _, err := zw.Write(row); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	chunk(&out, "IDAT", z.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes(), nil
}

// chunk writes one PNG chunk: its length, type, data and CRC.
func chunk(b *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	b.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	b.WriteString(typ)
	b.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	b.Write(n[:])
}
