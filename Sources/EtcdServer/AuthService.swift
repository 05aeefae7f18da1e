import EtcdProto
import GRPCCore

/// `etcdserverpb.Auth`: KubeSim authenticates clients by their TLS certificates only; etcd's users and
/// roles are not implemented. AuthStatus answers truthfully (disabled); Authenticate answers as etcd does
/// with authentication disabled; everything else answers Unimplemented.
struct AuthService: Etcdserverpb_Auth.SimpleServiceProtocol {
    let served: ServedStore

    private static let why = "KubeSim has no etcd users or roles; clients authenticate with TLS certificates"

    func authStatus(
        request: Etcdserverpb_AuthStatusRequest, context: ServerContext
    ) async throws -> Etcdserverpb_AuthStatusResponse {
        try await etcdCall {
            var response = Etcdserverpb_AuthStatusResponse()
            response.header = served.header(try await served.currentRevision())
            response.enabled = false
            return response
        }
    }

    func authenticate(
        request: Etcdserverpb_AuthenticateRequest, context: ServerContext
    ) async throws -> Etcdserverpb_AuthenticateResponse {
        throw EtcdStatus.error(.failedPrecondition, "etcdserver: authentication is not enabled")
    }

    func authEnable(request: Etcdserverpb_AuthEnableRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthEnableResponse
    { throw EtcdStatus.unimplemented("AuthEnable", Self.why) }

    func authDisable(request: Etcdserverpb_AuthDisableRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthDisableResponse
    { throw EtcdStatus.unimplemented("AuthDisable", Self.why) }

    func userAdd(request: Etcdserverpb_AuthUserAddRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthUserAddResponse
    { throw EtcdStatus.unimplemented("UserAdd", Self.why) }

    func userGet(request: Etcdserverpb_AuthUserGetRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthUserGetResponse
    { throw EtcdStatus.unimplemented("UserGet", Self.why) }

    func userList(request: Etcdserverpb_AuthUserListRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthUserListResponse
    { throw EtcdStatus.unimplemented("UserList", Self.why) }

    func userDelete(request: Etcdserverpb_AuthUserDeleteRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthUserDeleteResponse
    { throw EtcdStatus.unimplemented("UserDelete", Self.why) }

    func userChangePassword(request: Etcdserverpb_AuthUserChangePasswordRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthUserChangePasswordResponse
    { throw EtcdStatus.unimplemented("UserChangePassword", Self.why) }

    func userGrantRole(request: Etcdserverpb_AuthUserGrantRoleRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthUserGrantRoleResponse
    { throw EtcdStatus.unimplemented("UserGrantRole", Self.why) }

    func userRevokeRole(request: Etcdserverpb_AuthUserRevokeRoleRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthUserRevokeRoleResponse
    { throw EtcdStatus.unimplemented("UserRevokeRole", Self.why) }

    func roleAdd(request: Etcdserverpb_AuthRoleAddRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthRoleAddResponse
    { throw EtcdStatus.unimplemented("RoleAdd", Self.why) }

    func roleGet(request: Etcdserverpb_AuthRoleGetRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthRoleGetResponse
    { throw EtcdStatus.unimplemented("RoleGet", Self.why) }

    func roleList(request: Etcdserverpb_AuthRoleListRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthRoleListResponse
    { throw EtcdStatus.unimplemented("RoleList", Self.why) }

    func roleDelete(request: Etcdserverpb_AuthRoleDeleteRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthRoleDeleteResponse
    { throw EtcdStatus.unimplemented("RoleDelete", Self.why) }

    func roleGrantPermission(request: Etcdserverpb_AuthRoleGrantPermissionRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthRoleGrantPermissionResponse
    { throw EtcdStatus.unimplemented("RoleGrantPermission", Self.why) }

    func roleRevokePermission(request: Etcdserverpb_AuthRoleRevokePermissionRequest, context: ServerContext) async throws
        -> Etcdserverpb_AuthRoleRevokePermissionResponse
    { throw EtcdStatus.unimplemented("RoleRevokePermission", Self.why) }
}
