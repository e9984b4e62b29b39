// Package sms knows what a text message costs and who can get one: it counts a message's
// length and fragments as the mobile networks do (the GSM 7-bit default alphabet of
// 3GPP TS 23.038, "GSM 03.38", or UCS-2), and tells a usable UK mobile number from
// anything else. It does no I/O and knows nothing about patients or letters.
package sms

import (
	"fmt"
	"unicode/utf16"
)

// Encoding is how a message travels: GSM-7 when every character is in the GSM 7-bit
// default alphabet or its extension table, UCS-2 otherwise (the whole message, not just
// the odd character).
type Encoding int

const (
	GSM7 Encoding = iota
	UCS2
)

func (e Encoding) String() string {
	if e == UCS2 {
		return "UCS-2"
	}
	return "GSM-7"
}

// Fragment sizes, in GSM-7 septets or UCS-2 code units. A message that fits in one
// fragment may use the whole of it; a longer one is split into fragments that each give
// up room for the header that joins them up again.
const (
	GSM7Single = 160
	GSM7Part   = 153
	UCS2Single = 70
	UCS2Part   = 67
)

// Capacity is the most a message of the given encoding can hold in n fragments.
func Capacity(e Encoding, n int) int {
	single, part := GSM7Single, GSM7Part
	if e == UCS2 {
		single, part = UCS2Single, UCS2Part
	}
	switch {
	case n <= 0:
		return 0
	case n == 1:
		return single
	}
	return part * n
}

// Count is a message's length as a network counts it.
type Count struct {
	Encoding Encoding
	// Length is what the network counts: septets in GSM-7, where the extension
	// characters ([ ] { } ^ \ | ~ € and form feed) take two; UTF-16 code units in
	// UCS-2, where a character outside the Basic Multilingual Plane (most emoji) takes two.
	Length int
	// Fragments is how many messages it is sent as, and charged as. An empty message is
	// 0 fragments.
	Fragments int
	// First is the first character that made the message UCS-2, for telling the user
	// why; 0 for a GSM-7 message.
	First rune
}

// String reads "GSM-7, 214 characters, 2 fragments".
func (c Count) String() string {
	return fmt.Sprintf("%s, %s, %s", c.Encoding, plural(c.Length, "character"), plural(c.Fragments, "fragment"))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Measure counts text as a network sends it. When the text is split, a character that
// takes two units is never split across two fragments (the escape and its character, or
// the two halves of a surrogate pair, travel together), so a fragment may carry one
// unit less than its size.
func Measure(text string) Count {
	var c Count
	runes := []rune(text) // invalid UTF-8 becomes U+FFFD, as it would be sent
	for _, r := range runes {
		if Septets(r) == 0 {
			c.Encoding, c.First = UCS2, r
			break
		}
	}
	units := make([]int, len(runes))
	for i, r := range runes {
		if c.Encoding == GSM7 {
			units[i] = Septets(r)
		} else {
			units[i] = utf16.RuneLen(r)
		}
		c.Length += units[i]
	}
	single, part := GSM7Single, GSM7Part
	if c.Encoding == UCS2 {
		single, part = UCS2Single, UCS2Part
	}
	switch {
	case c.Length == 0:
		c.Fragments = 0
	case c.Length <= single:
		c.Fragments = 1
	default:
		c.Fragments = 1
		room := part
		for _, n := range units {
			if n > room {
				c.Fragments++
				room = part
			}
			room -= n
		}
	}
	return c
}

// Septets is how many GSM-7 septets r takes: 1 for a character of the default alphabet,
// 2 for one of its extension table (sent as an escape and the character), and 0 for a
// character GSM-7 cannot carry.
func Septets(r rune) int {
	if basic[r] {
		return 1
	}
	if extension[r] {
		return 2
	}
	return 0
}

// The GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1), by septet value. 0x1B is the
// escape to the extension table, not a character.
const basicTable = "@£$¥èéùìòÇ\nØø\rÅå" +
	"Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ" +
	" !\"#¤%&'()*+,-./" +
	"0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNO" +
	"PQRSTUVWXYZÄÖÑÜ§" +
	"¿abcdefghijklmno" +
	"pqrstuvwxyzäöñüà"

// The default alphabet extension table (3GPP TS 23.038 §6.2.1.1): form feed and
// ^ { } \ [ ~ ] | €.
const extensionTable = "\f^{}\\[~]|€"

var basic, extension = func() (map[rune]bool, map[rune]bool) {
	b := map[rune]bool{}
	for _, r := range basicTable {
		if r != 0x1b {
			b[r] = true
		}
	}
	e := map[rune]bool{}
	for _, r := range extensionTable {
		e[r] = true
	}
	return b, e
}()
