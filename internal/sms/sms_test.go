package sms

import (
	"strings"
	"testing"

	_ "github.com/accesspack/accesspack/internal/golden" // accepts -update: see internal/golden
)

// gsm0338Basic is the GSM 7-bit default alphabet of 3GPP TS 23.038 §6.2.1, written out
// here by septet value and Unicode code point, independently of the package's table.
// 0x1B is the escape to the extension table, not a character.
var gsm0338Basic = [128]rune{
	0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC, // @ £ $ ¥ è é ù ì
	0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5, // ò Ç LF Ø ø CR Å å
	0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8, // Δ _ Φ Γ Λ Ω Π Ψ
	0x03A3, 0x0398, 0x039E, -1, 0x00C6, 0x00E6, 0x00DF, 0x00C9, // Σ Θ Ξ ESC Æ æ ß É
	0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027, // SP ! " # ¤ % & '
	0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F, // ( ) * + , - . /
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, // 0-7
	0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F, // 8 9 : ; < = > ?
	0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, // ¡ A-G
	0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F, // H-O
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, // P-W
	0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7, // X Y Z Ä Ö Ñ Ü §
	0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, // ¿ a-g
	0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F, // h-o
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, // p-w
	0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0, // x y z ä ö ñ ü à
}

// gsm0338Extension is the default alphabet extension table (§6.2.1.1): each is sent as
// the escape 0x1B followed by the septet given.
var gsm0338Extension = map[rune]byte{
	0x000C: 0x0A, // form feed
	0x005E: 0x14, // ^
	0x007B: 0x28, // {
	0x007D: 0x29, // }
	0x005C: 0x2F, // \
	0x005B: 0x3C, // [
	0x007E: 0x3D, // ~
	0x005D: 0x3E, // ]
	0x007C: 0x40, // |
	0x20AC: 0x65, // €
}

func TestEveryBasicCharacterIsOneSeptet(t *testing.T) {
	for code, r := range gsm0338Basic {
		if r < 0 {
			continue
		}
		if got := Septets(r); got != 1 {
			t.Errorf("septet 0x%02X (U+%04X %q): Septets = %d, want 1", code, r, r, got)
		}
		c := Measure(string(r))
		if c.Encoding != GSM7 || c.Length != 1 || c.Fragments != 1 {
			t.Errorf("septet 0x%02X (U+%04X %q): %v, want GSM-7, 1 character, 1 fragment", code, r, r, c)
		}
	}
	if got := Septets(0x1B); got != 0 {
		t.Errorf("the escape itself is not a character: Septets(ESC) = %d, want 0", got)
	}
}

func TestEveryExtensionCharacterIsTwoSeptets(t *testing.T) {
	for r, code := range gsm0338Extension {
		if got := Septets(r); got != 2 {
			t.Errorf("extension 0x1B 0x%02X (U+%04X %q): Septets = %d, want 2", code, r, r, got)
		}
		c := Measure("ab" + string(r))
		if c.Encoding != GSM7 || c.Length != 4 {
			t.Errorf("extension U+%04X %q: %v, want GSM-7 and 4 characters for ab%c", r, r, c, r)
		}
	}
	// The issue names these nine; all must be among them.
	for _, r := range "[]{}^\\|~€" {
		if _, ok := gsm0338Extension[r]; !ok || Septets(r) != 2 {
			t.Errorf("%q must count twice", r)
		}
	}
}

// TestNothingElseIsGSM7 checks every character of the Basic Multilingual Plane that is
// in neither table: each makes a message UCS-2.
func TestNothingElseIsGSM7(t *testing.T) {
	in := map[rune]bool{}
	for _, r := range gsm0338Basic {
		in[r] = true
	}
	for r := range gsm0338Extension {
		in[r] = true
	}
	for r := rune(0); r < 0x10000; r++ {
		if in[r] || (r >= 0xD800 && r <= 0xDFFF) {
			continue
		}
		if got := Septets(r); got != 0 {
			t.Fatalf("U+%04X %q is not in GSM 03.38 but Septets = %d", r, r, got)
		}
	}
}

func TestOneNonGSMCharacterSwitchesTheWholeMessageToUCS2(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    rune
		unit int // UTF-16 code units
	}{
		{"right single quote (a curly apostrophe)", '’', 1},
		{"en dash", '–', 1},
		{"small c cedilla (only the capital is GSM-7)", 'ç', 1},
		{"a acute", 'á', 1},
		{"backtick", '`', 1},
		{"tab", '\t', 1},
		{"emoji outside the BMP", '😀', 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := strings.Repeat("a", 50) + string(tc.r) + strings.Repeat("a", 9)
			c := Measure(text)
			if c.Encoding != UCS2 || c.First != tc.r || c.Length != 59+tc.unit {
				t.Fatalf("got %v (first %q), want UCS-2 of %d because of %q", c, c.First, 59+tc.unit, tc.r)
			}
			// 59 + 1 fits one UCS-2 fragment; the same text without it is one GSM-7 one.
			if want := 1; c.Fragments != want {
				t.Errorf("fragments = %d, want %d", c.Fragments, want)
			}
			if g := Measure(strings.Repeat("a", 59)); g.Encoding != GSM7 {
				t.Errorf("without it: %v", g)
			}
		})
	}
	// In GSM-7 an extension character counts twice; in UCS-2 once.
	if c := Measure("€’"); c.Encoding != UCS2 || c.Length != 2 {
		t.Errorf("€’: %v, want UCS-2 of 2", c)
	}
}

func TestFragmentBoundaries(t *testing.T) {
	a := func(n int) string { return strings.Repeat("a", n) }
	u := func(n int) string { return strings.Repeat("ş", n) } // ş is not GSM-7
	for _, tc := range []struct {
		name      string
		text      string
		enc       Encoding
		length    int
		fragments int
	}{
		{"empty", "", GSM7, 0, 0},
		{"GSM-7 1", a(1), GSM7, 1, 1},
		{"GSM-7 160 in one", a(160), GSM7, 160, 1},
		{"GSM-7 161 in two", a(161), GSM7, 161, 2},
		{"GSM-7 153x2 = 306 in two", a(153 * 2), GSM7, 306, 2},
		{"GSM-7 306+1 in three", a(153*2 + 1), GSM7, 307, 3},
		{"GSM-7 154x2 = 308 in three", a(154 * 2), GSM7, 308, 3},
		{"GSM-7 153x3 = 459 in three", a(153 * 3), GSM7, 459, 3},
		{"GSM-7 460 in four", a(460), GSM7, 460, 4},
		{"GSM-7 80 euros = 160 in one", strings.Repeat("€", 80), GSM7, 160, 1},
		{"GSM-7 159 + one euro = 161 in two", a(159) + "€", GSM7, 161, 2},
		{"UCS-2 70 in one", u(70), UCS2, 70, 1},
		{"UCS-2 71 in two", u(71), UCS2, 71, 2},
		{"UCS-2 67x2 = 134 in two", u(67 * 2), UCS2, 134, 2},
		{"UCS-2 134+1 in three", u(67*2 + 1), UCS2, 135, 3},
		{"UCS-2 68x2 = 136 in three", u(68 * 2), UCS2, 136, 3},
		{"UCS-2 67x3 = 201 in three", u(67 * 3), UCS2, 201, 3},
		{"UCS-2 35 emoji = 70 in one", strings.Repeat("😀", 35), UCS2, 70, 1},
		// A character of two units is never split between fragments.
		{"GSM-7 escape kept whole", a(152) + "€" + a(152), GSM7, 306, 3},
		{"GSM-7 escape that fits", a(151) + "€" + a(153), GSM7, 306, 2},
		{"UCS-2 surrogate pair kept whole", u(66) + "😀" + u(66), UCS2, 134, 3},
		{"UCS-2 surrogate pair that fits", u(65) + "😀" + u(67), UCS2, 134, 2},
		{"line breaks count as one", "a\nb\n\nc", GSM7, 6, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := Measure(tc.text)
			if c.Encoding != tc.enc || c.Length != tc.length || c.Fragments != tc.fragments {
				t.Errorf("got %v, want %s, %d characters, %d fragments", c, tc.enc, tc.length, tc.fragments)
			}
		})
	}
}

func TestCountString(t *testing.T) {
	if got, want := Measure(strings.Repeat("a", 161)).String(), "GSM-7, 161 characters, 2 fragments"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := Measure("ş").String(), "UCS-2, 1 character, 1 fragment"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
