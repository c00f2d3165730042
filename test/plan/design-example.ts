/** The example of DESIGN §3, word for word, inside an issue body. */
export const DESIGN_EXAMPLE = `Split the monolith's user API into a Go gRPC service.

## Implementation Phases

### Phase 1: Proto definitions & setup
- Define gRPC proto files
- Generate Python and Go code
Modules: proto
Test Command: ./proto/generate.sh
Success Criteria:
- proto/*.proto files exist
- Python and Go stubs generated in backend/ and grpc-service/
Gotchas:
- keep field numbers stable

### Phase 2: Go gRPC service
Modules: grpc-service, migrations
Test Command: cd grpc-service && go test ./...
Success Criteria:
- gRPC server starts on port 50051

#### Module: migrations
Paths: grpc-service/db/**
Test Command: cd grpc-service && go test ./db/...
Fixes:
- [critical] grpc-service/db/schema.sql:12 — user table lacks a primary key → add \`id BIGSERIAL PRIMARY KEY\` (verify: \`grep -n "PRIMARY KEY" grpc-service/db/schema.sql\`)
Any free text here is extra instruction for this module.
`;
