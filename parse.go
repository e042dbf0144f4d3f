package codebook

import "fmt"

// ParseOutcome returns the Outcome named s, as written in spec/codes.yaml.
func ParseOutcome(s string) (Outcome, error) { return parseEnum(s, numOutcomes, "outcome") }

// ParseRetry returns the Retry named s, as written in spec/codes.yaml.
func ParseRetry(s string) (Retry, error) { return parseEnum(s, numRetrys, "retry") }

// ParseFault returns the Fault named s, as written in spec/codes.yaml.
func ParseFault(s string) (Fault, error) { return parseEnum(s, numFaults, "fault") }

// ParseCategory returns the Category named s, as written in spec/codes.yaml.
func ParseCategory(s string) (Category, error) { return parseEnum(s, numCategorys, "category") }

// OutcomeNames lists the names ParseOutcome accepts, in order.
func OutcomeNames() []string { return enumNames(numOutcomes) }

// RetryNames lists the names ParseRetry accepts, in order.
func RetryNames() []string { return enumNames(numRetrys) }

// FaultNames lists the names ParseFault accepts, in order.
func FaultNames() []string { return enumNames(numFaults) }

// CategoryNames lists the names ParseCategory accepts, in order.
func CategoryNames() []string { return enumNames(numCategorys) }

type enum interface {
	~uint8
	String() string
}

func enumNames[E enum](n E) []string {
	names := make([]string, 0, n)
	for v := E(0); v < n; v++ {
		names = append(names, v.String())
	}
	return names
}

func parseEnum[E enum](s string, n E, kind string) (E, error) {
	for v := E(0); v < n; v++ {
		if v.String() == s {
			return v, nil
		}
	}
	return 0, fmt.Errorf("unknown %s %q (want one of %v)", kind, s, enumNames(n))
}
