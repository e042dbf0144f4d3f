package model

import "time"

// Operation is one HTTP operation, a method of the generated Client.
type Operation struct {
	Name        string // Go method name
	ID          string // operationId as written, "" when none
	Method      string // upper case: GET, POST...
	Path        string // the path template as written: /pets/{id}
	Summary     string
	Doc         string
	Pos         Pos
	Deprecated  bool
	Tags        []string
	Params      []*Param
	ParamsType  string // Go name of the parameter struct, "" when there are no parameters
	Body        *Body  // nil when the operation takes no request body
	Responses   []*Response
	Security    [][]string // alternatives, each a list of scheme keys; nil means none
	Codebook    *Codebook  // the x-codebook extension, nil when absent
	SuccessType *TypeRef   // the type every documented 2xx JSON body decodes into; nil when none
	// SuccessRaw is true when the 2xx body is not JSON: the method returns its bytes.
	SuccessRaw bool
	// Server is the URL of the first server the operation names, else of
	// the first its path names, variables at their defaults; "" when
	// neither names servers, and the call goes to the client's base URL.
	Server string
	// ErrorType is the Go name of the operation's error type, which holds
	// the typed body of each documented non-2xx response; "" when the
	// operation documents no typed non-2xx body.
	ErrorType string
}

// ParamIn says where a parameter goes.
type ParamIn string

// The parameter locations.
const (
	InPath   ParamIn = "path"
	InQuery  ParamIn = "query"
	InHeader ParamIn = "header"
	InCookie ParamIn = "cookie"
)

// Param is one parameter, a field of the operation's parameter struct.
type Param struct {
	Name     string // wire name
	Field    string // Go field name in the parameter struct
	In       ParamIn
	Type     TypeRef
	Required bool
	Pointer  bool // the field is *Type (optional scalars)
	Explode  bool // form style: one name=value pair per array element
	JSON     bool // the parameter has content application/json: send the JSON encoding
	Doc      string
	Pos      Pos
	// Deprecated marks a parameter the spec deprecates.
	Deprecated bool
}

// BodyKind says how a request body is encoded.
type BodyKind int

// The request body encodings.
const (
	BodyJSON   BodyKind = iota // encoding/json of Type
	BodyForm                   // application/x-www-form-urlencoded of Type's fields
	BodyReader                 // an io.Reader sent as is with ContentType
)

// Body is an operation's request body.
type Body struct {
	Kind        BodyKind
	ContentType string // as written in the spec; multipart gets its boundary from the caller
	Type        TypeRef
	Required    bool
	Doc         string
	// Multipart is true for multipart/* bodies: the caller passes the content type with its boundary.
	Multipart bool
}

// Response is one documented response of an operation.
type Response struct {
	Status      string // "200", "4XX", "default"
	Code        int    // the status for exact codes; 0 for ranges and default
	Class       int    // 1..5 for "1XX".."5XX"; 0 otherwise
	Doc         string
	Type        *TypeRef // the JSON body type; nil when none is documented
	ContentType string
}

// IsSuccess reports whether the response is a 2xx one.
func (r *Response) IsSuccess() bool { return r.Code/100 == 2 || r.Class == 2 }

// IsTypedError reports whether the response is a non-2xx one with a JSON
// body type: a field of the operation's error type.
func (r *Response) IsTypedError() bool { return r.Type != nil && !r.IsSuccess() }

// Codebook is the x-codebook extension of an operation: the code table its
// results come from, and what the retry engine needs to know.
type Codebook struct {
	Provider   string
	Table      string
	TableConst string // Go name of the table constant, from the code tables' model
	Code       string // JSON field of the response body holding the code
	Message    string // JSON field holding the message
	// StatusCode is the JSON field of the response body stating the HTTP
	// status (Click Airtime's statusCode); a body whose stated status is
	// not the response's is uncertain. "" when the spec names none.
	StatusCode  string
	MoneyMoving bool
	Reference   *Reference
	Lookup      *Lookup
	InFlight    *InFlight
	Pos         Pos
}

// InFlight names the provider's check for a transaction like this one
// still in progress (Clickatell's In-Flight Transaction Check), which the
// engine consults before resending to a provider that does not refuse a
// reused reference.
type InFlight struct {
	Operation string // operationId; its JSON body is filled from the money-moving call's
	Pending   string // boolean field of its 2xx body: true when one is in progress
}

// Reference is the caller's idempotency reference of a money-moving call.
type Reference struct {
	Field     string
	MaxLength int
	// Deduplicated says the provider documents that it refuses a second
	// transaction with a reference it already has.
	Deduplicated bool
	// Header is the request header the provider honours as an idempotency
	// key (Click Airtime V2's Idempotency-Key); the reference goes out in
	// it on every send. "" when the provider has none.
	Header string
}

// Lookup says how to look a transaction up after an uncertain outcome.
type Lookup struct {
	Operation string // operationId
	Param     string // query parameter taking the reference
	// Records is the dotted path of the list of records in the lookup's
	// 2xx body ("data"); "" when the body is itself the one record.
	Records string
	// ReferenceField is the field of a record holding the transaction's
	// reference: a record is the looked-up transaction only when it holds
	// the reference looked up.
	ReferenceField string
	// Status is the field of a record holding its status ("state",
	// "transactionStatus"); "" when the lookup's own classification says
	// it all.
	Status string
	// Settle is the provider's settle time (a Go duration, "30s"): how long
	// after a send ends a not-found may still mean "not yet recorded".
	// Zero when the spec declares none.
	Settle time.Duration
	// Statuses maps status values to outcomes (success, failed, pending,
	// uncertain); a value it does not list is uncertain.
	Statuses map[string]string
	// Code is the JSON field (a dotted path) of the lookup's response body
	// holding a code; NotFound lists its values that answer "no such
	// transaction" (Click Airtime 235), as the spec writes them.
	Code     string
	NotFound []string
}
