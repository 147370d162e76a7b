import Testing
@testable import GapdeskStore

/// No password is ever shown or logged, whatever shape the connection string has.
@Suite struct SecretsTests {
    @Test(arguments: [
        ("postgresql://gapdesk_owner:LeakMe123@[::1", "postgresql://gapdesk_owner:•••@[::1"),
        ("postgresql://gapdesk_owner:LeakMe123@db1:5432/gapdesk?sslmode=require", "postgresql://gapdesk_owner:•••@db1:5432/gapdesk?sslmode=require"),
        ("postgres://a:p@ss@word@host/db", "postgres://a:•••@host/db"),
        ("invalid URI query parameter: \"postgresql://u:s3cret@h/d?x\"", "invalid URI query parameter: \"postgresql://u:•••@h/d?x\""),
        ("host=127.0.0.1 password='LeakMeQ", "host=127.0.0.1 password=•••"),
        ("host=db1 password = 'se cr\\'et' dbname=g", "host=db1 password=••• dbname=g"),
        ("PASSWORD=Hunter2 user=x", "PASSWORD=••• user=x"),
        ("password authentication failed for user \"amira\"", "password authentication failed for user \"amira\""),
        ("postgresql://amira@db1/gapdesk", "postgresql://amira@db1/gapdesk"),
        ("/srv/gapdesk/team.sqlite", "/srv/gapdesk/team.sqlite"),
    ])
    func passwordsAreMasked(text: String, shown: String) {
        #expect(Secrets.redacted(text) == shown)
        #expect(!Secrets.redacted(text).contains("LeakMe") && !Secrets.redacted(text).contains("s3cret") && !Secrets.redacted(text).contains("Hunter2"))
    }
}
